"""Interrupting a running cell: it stops within 2 s, variables survive, and no thread keeps burning CPU.

Checked on the default JDK (17 here) and on a JDK 20+ (Temurin 25 on this kind of machine), where
Thread.stop no longer exists."""
import queue
import subprocess
import textwrap
import time

import psutil
import pytest

from jdks import jupyter_path_first, kernel_path_for, modern_jdk
from kernel_client import Kernel


@pytest.fixture(scope="module")
def spin_jar(tmp_path_factory):
    """A small library, built here, whose method loops forever: 'a busy loop inside library code'."""
    src = tmp_path_factory.mktemp("spin")
    (src / "demo").mkdir()
    (src / "demo" / "Spin.java").write_text(textwrap.dedent("""
        package demo;
        public class Spin {
            public static long forever() {
                long n = 0;
                while (true) { n++; }
            }
            public static void nap() throws InterruptedException { Thread.sleep(600_000); }
        }"""))
    subprocess.run(["javac", "--release", "17", "-d", str(src / "classes"), str(src / "demo" / "Spin.java")],
                   check=True)
    jar = src / "spin.jar"
    subprocess.run(["jar", "cf", str(jar), "-C", str(src / "classes"), "."], check=True)
    return jar


def interrupt_after_start(kernel, code, delay=1.0):
    msg_id = kernel.kc.execute(code)
    time.sleep(delay)
    started = time.monotonic()
    kernel.km.interrupt_kernel()
    cell = kernel.collect(msg_id, timeout=30)
    return cell, time.monotonic() - started


def assert_quiet_cpu(kernel):
    """A thread left spinning would use a whole core in every window; short work after the interrupt
    (the compiler, the garbage collector) would not, so one quiet second out of three passes."""
    process = psutil.Process(kernel.pid())
    readings = []
    for _ in range(3):
        process.cpu_percent(None)
        time.sleep(1.0)
        readings.append(process.cpu_percent(None))
        if readings[-1] < 30:
            return
    pytest.fail(f"a thread keeps burning CPU after the interrupt: {readings} % of a core in three 1 s windows")


CASES = {
    "busy loop in a cell": "while (true) { }",
    "busy loop in library code": "demo.Spin.forever()",
    "JDK loop calling back into the cell": "java.util.stream.IntStream.iterate(0, i -> i + 1).forEach(i -> { });",
    "sleep in library code": "demo.Spin.nap();",
}


def check_interrupts(kernel, spin_jar):
    assert kernel.execute(f"%classpath {spin_jar}").status == "ok"
    kernel.execute("int precious = 42;")
    for name, code in CASES.items():
        cell, seconds = interrupt_after_start(kernel, code)
        assert cell.status == "error", name
        assert cell.error["ename"] == "Interrupted", (name, cell.error)
        assert seconds < 2.0, f"{name}: took {seconds:.2f} s to stop"
        after = kernel.execute("precious")
        assert after.text == "42", (name, after.error)
        assert_quiet_cpu(kernel)


# Long calls inside the JDK itself: no loop of ours to check, so the kernel stops the thread by force, on every
# JDK (JVM TI StopThread, ThreadStopper). The first runs about 200 s if not stopped (issue 19.5).
JDK_CALLS = {
    "stream inside the JDK": "new java.util.Random(1).doubles(3_000_000_000L).sum()",
    "BigInteger inside the JDK": "java.math.BigInteger.valueOf(3).pow(50_000_000)",
}


def check_jdk_calls(kernel):
    for name, code in JDK_CALLS.items():
        cell, seconds = interrupt_after_start(kernel, code, delay=2.0)
        assert cell.status == "error" and cell.error["ename"] == "Interrupted", (name, cell.error)
        assert seconds < 3.0, f"{name}: took {seconds:.2f} s to stop"
        assert kernel.execute("precious").text == "42"
        assert_quiet_cpu(kernel)


def check_native_call(kernel):
    """A call in native code cannot be stopped before it returns: the cell says so within about 5 s,
    and is interrupted when the call returns (here libc's sleep(8), called through JNA)."""
    assert kernel.execute('int nativeSleep(int s) { System.out.println("calling"); System.out.flush(); return '
                          'com.sun.jna.NativeLibrary.getInstance("c").getFunction("sleep").invokeInt(new Object[] {s}); }'
                          ).status == "ok"
    msg_id = kernel.kc.execute("nativeSleep(8)")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the cell runs (JShell has compiled it)
        msg = kernel.kc.get_iopub_msg(timeout=30)
        if msg["msg_type"] == "stream" and "calling" in msg["content"]["text"]:
            break
    time.sleep(0.5)
    started = time.monotonic()
    kernel.km.interrupt_kernel()
    said = None
    while said is None and time.monotonic() - started < 6.0:
        try:
            msg = kernel.kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            continue
        if msg["msg_type"] == "stream" and "cannot stop this cell" in msg["content"]["text"]:
            said, text = time.monotonic() - started, msg["content"]["text"]
    assert said is not None and said < 6.0, "no message that the cell cannot be stopped"
    assert "Kernel > Restart" in text and "native code" in text
    cell = kernel.collect(msg_id, timeout=30)
    assert cell.error["ename"] == "Interrupted", cell.error
    assert kernel.execute("precious").text == "42"


def test_interrupt_on_default_jdk(spin_jar):
    kernel = Kernel()
    try:
        check_interrupts(kernel, spin_jar)
        check_jdk_calls(kernel)
        check_native_call(kernel)
    finally:
        kernel.shutdown()


def test_interrupt_on_jdk_without_thread_stop(spin_jar):
    java = modern_jdk()
    if java is None:
        pytest.skip("no JDK 20+ under /usr/lib/jvm (our machines have Temurin 25 there)")
    with jupyter_path_first(kernel_path_for(java)):
        kernel = Kernel()
    try:
        assert int(kernel.execute("Runtime.version().feature()").text) >= 20
        check_interrupts(kernel, spin_jar)
        check_jdk_calls(kernel)
        check_native_call(kernel)
    finally:
        kernel.shutdown()


def test_the_cpu_check_sees_a_spinning_thread():
    """The check above can fail: a thread left spinning is caught."""
    kernel = Kernel()
    try:
        kernel.execute("Thread spinner = new Thread(() -> { while (true) { } }); spinner.setDaemon(true); "
                       "spinner.start();")
        with pytest.raises(pytest.fail.Exception, match="keeps burning CPU"):
            assert_quiet_cpu(kernel)
    finally:
        kernel.shutdown()
