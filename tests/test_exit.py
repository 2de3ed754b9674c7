"""System.exit by any route is refused with ExitRefused's message, and the kernel keeps its variables
(issue 19.4): only direct calls in cells are rewritten by the Instrumenter, every other route reaches the
JDK's Runtime.exit/halt, which the kernel's Java agent (ExitGuard) makes ask the kernel first. The kernel's
own shutdown still ends the process. Each test runs on the default JDK and on a JDK 20+ (conftest.kernel)."""
import time
from pathlib import Path

import pytest

from jdks import jupyter_path_first
from kernel_client import Kernel

REFUSED = "was called; the kernel keeps running and keeps your variables"

ROUTES = {
    "method reference": "IntConsumer q = System::exit; q.accept(3);",
    "reflection": 'System.class.getMethod("exit", int.class).invoke(null, 4);',
    "Runtime.halt": "Runtime.getRuntime().halt(5);",
    "method handle": ("java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\", "
                      "java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(6);"),
    "JDK internals (Shutdown.exit)": ('var m = Class.forName("java.lang.Shutdown").getDeclaredMethod("exit", '
                                      'int.class); m.setAccessible(true); m.invoke(null, 7);'),
    "Runtime.exit through a stream": "java.util.stream.IntStream.of(8).forEach(Runtime.getRuntime()::exit);",
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_exit_is_refused_and_variables_kept(kernel, route):
    assert kernel.execute("int keep = 42;").status == "ok"
    cell = kernel.execute(ROUTES[route], timeout=60)
    assert cell.status == "error", f"{route}: the exit was not refused"
    assert cell.error["ename"] == "org.nnlab.kernel.exec.ExitRefused", cell.error
    assert REFUSED in cell.error["evalue"] and "Kernel > Restart" in cell.error["evalue"]
    assert kernel.execute("keep").text == "42"


def test_exit_on_a_thread_of_the_cell_is_refused(kernel):
    cell = kernel.execute('var t = new Thread(() -> System.exit(9)); t.start(); t.join(); "alive"', timeout=60)
    assert cell.status == "ok" and cell.text == "alive"
    assert "ExitRefused" in cell.stderr and REFUSED in cell.stderr
    assert kernel.is_alive()


def test_shutdown_still_ends_the_kernel(kernel):
    """A shutdown_request ends the process by itself (exit code 0), well before jupyter_client would kill it."""
    with jupyter_path_first(str(Path(kernel.km.kernel_spec.resource_dir).parent.parent)):  # the same JDK
        k = Kernel()
    try:
        assert k.execute("System.exit(1);").status == "error"
        k.kc.stop_channels()
        process = k.km.provisioner.process
        started = time.monotonic()
        k.km.shutdown_kernel(now=False)
        took = time.monotonic() - started
        assert not k.km.is_alive()
        assert took < k.km.shutdown_wait_time - 1, f"the kernel had to be killed ({took:.1f} s)"
        assert process.returncode == 0, f"the kernel ended with {process.returncode}, not by itself"
    finally:
        if k.km.has_kernel:
            k.km.shutdown_kernel(now=True)
