"""A small client for driving a real nnlab kernel from tests: start it, run cells, collect outputs."""
import os
import queue
import time

from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("NNLAB_KERNEL", "nnlab")


class Cell:
    """What one execute_request produced: the reply and every IOPub message that belongs to it."""

    def __init__(self, reply, messages):
        self.reply = reply
        self.messages = messages

    @property
    def status(self):
        return self.reply["content"]["status"]

    def of_type(self, msg_type):
        return [m for m in self.messages if m["msg_type"] == msg_type]

    def stream(self, name):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    @property
    def stdout(self):
        return self.stream("stdout")

    @property
    def stderr(self):
        return self.stream("stderr")

    @property
    def error(self):
        errors = self.of_type("error")
        return errors[0]["content"] if errors else None

    @property
    def result(self):
        results = self.of_type("execute_result")
        return results[0]["content"]["data"] if results else None

    @property
    def text(self):
        return (self.result or {}).get("text/plain")


class Kernel:
    """A running kernel and a client connected to it."""

    def __init__(self, kernel_name=KERNEL, env=None, cwd=None):
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
        try:
            KernelSpecManager().get_kernel_spec(kernel_name)
        except NoSuchKernel:
            raise RuntimeError(f"the '{kernel_name}' kernel is not installed: run ./nnlab test "
                               "(it installs one into build/jupyter) or ./nnlab setup") from None
        self.km = KernelManager(kernel_name=kernel_name)
        kwargs = {}
        if env is not None:
            kwargs["env"] = dict(os.environ, **env)
        if cwd is not None:
            kwargs["cwd"] = str(cwd)
        self.km.start_kernel(**kwargs)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def execute(self, code, timeout=120, **kwargs):
        """Runs a cell and waits for its reply and for the kernel to go idle."""
        msg_id = self.kc.execute(code, **kwargs)
        return self.collect(msg_id, timeout)

    def collect(self, msg_id, timeout=120):
        messages = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no idle status for {msg_id} within {timeout} s")
            msg = self.kc.get_iopub_msg(timeout=left)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            messages.append(msg)
        reply = self.shell_reply(msg_id, timeout)
        return Cell(reply, messages)

    def shell_reply(self, msg_id, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def iopub_for(self, seconds):
        """Every IOPub message that arrives within the next `seconds`."""
        messages = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                messages.append(self.kc.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic())))
            except queue.Empty:
                pass
        return messages

    def pid(self):
        return self.km.provisioner.pid if self.km.provisioner else self.km.kernel.pid

    def is_alive(self):
        return self.km.is_alive()

    def shutdown(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)
