"""The Jupyter kernel conformance suite (jupyter_kernel_test) against the installed nnlab kernel."""
import os
import unittest

import jupyter_kernel_test


class NnlabKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("NNLAB_KERNEL", "nnlab")
    language_name = "java"
    file_extension = ".jsh"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oh no, an error");'

    completion_samples = [
        {"text": "Nd4j.ra", "matches": {"rand", "randn", "randomBernoulli", "randomBinomial",
                                        "randomExponential", "random", "rand", "randomFactory"}},
        {"text": "%cla", "matches": {"%classpath"}},
    ]

    complete_code_samples = ["1 + 1", "int x = 3;", "void f() { }", "class A { }", "%classpath"]
    incomplete_code_samples = ["int f() {", "for (int i = 0; i < 3; i++) {", 'String s = "abc" +']
    invalid_code_samples = ["int x = 3 +;)", "}"]

    code_generate_error = "int broken = 1 / 0;"

    code_page_something = "Math.max?"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"nn" + "lab"', "result": "nnlab"},
        {"code": "Math.max(2, 3)", "result": "3"},
    ]

    code_display_data = [
        {"code": 'display(new XYChartBuilder().width(200).height(100).build().addSeries("s", new double[]{0, 1}, '
                 'new double[]{1, 0}) == null ? "" : "chart shown");', "mime": "text/plain"},
        {"code": "var chart = new XYChartBuilder().width(200).height(100).build();\n"
                 'chart.addSeries("s", new double[]{0, 1}, new double[]{1, 0});\n'
                 "display(chart);", "mime": "image/png"},
        {"code": "display(Nd4j.ones(2, 2));", "mime": "text/html"},
    ]

    code_history_pattern = "6 * 7*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'System.out.println("soon gone"); clearOutput();'


class NnlabKernelConformanceOnJdk20Plus(NnlabKernelConformance):
    """The same suite on a JDK without Thread.stop (Temurin 25 on our machines)."""

    @classmethod
    def setUpClass(cls):
        from jdks import jupyter_path_first, kernel_path_for, modern_jdk
        java = modern_jdk()
        if java is None:
            raise unittest.SkipTest("no JDK 20+ under /usr/lib/jvm (our machines have Temurin 25 there)")
        with jupyter_path_first(kernel_path_for(java)):
            super().setUpClass()

    def test_runs_on_that_jdk(self):
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=30)
        assert int(reply["content"]["language_info"]["version"].split(".")[0].split("+")[0]) >= 20


if __name__ == "__main__":
    unittest.main()
