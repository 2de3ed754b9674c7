"""The nnlab kernel behaves as a notebook user expects (real kernel process, real Jupyter client)."""
import time

import pytest
from jupyter_client.session import Session

from kernel_client import Kernel


# ---------------------------------------------------------------- evaluating Java

def test_multi_statement_cell_shows_last_expression(kernel):
    cell = kernel.execute("int a = 2;\nint b = a * 3;\nString s = \"x\";\nb + a")
    assert cell.status == "ok"
    assert cell.text == "8"


def test_statement_cell_has_no_result(kernel):
    cell = kernel.execute("int quiet = 5;")
    assert cell.status == "ok" and cell.result is None


def test_a_cell_ending_with_printf_shows_only_the_printed_text(kernel):
    # printf returns the PrintStream: its toString must not appear as the cell's result
    cell = kernel.execute('System.out.printf("%.2f%n", 0.5)')
    assert cell.status == "ok" and cell.result is None
    assert cell.stdout == "0.50\n"
    assert kernel.execute('System.err.format("x")').result is None
    assert kernel.execute('new java.io.PrintStream(new java.io.ByteArrayOutputStream())').result is not None


def test_redefining_variables_methods_and_classes(kernel):
    assert kernel.execute("int v = 1;").status == "ok"
    assert kernel.execute('String v = "now a string";').status == "ok"
    assert kernel.execute("v.length()").text == "12"
    assert kernel.execute("int twice(int x) { return 2 * x; }").status == "ok"
    assert kernel.execute("twice(4)").text == "8"
    # a changed signature (return and parameter types) must not hang, and callers see the new one
    changed = kernel.execute('String twice(String x) { return x + x; }\nString twice(int x) { return "int " + x; }',
                             timeout=30)
    assert changed.status == "ok"
    assert kernel.execute('twice("ab") + "," + twice(3)', timeout=30).text == "abab,int 3"
    assert kernel.execute("class Point { int x = 1; }").status == "ok"
    assert kernel.execute("class Point { int x = 1, y = 2; }\nnew Point().y").text == "2"


def test_classes_that_refer_to_each_other_in_one_cell(kernel):
    cell = kernel.execute("class Node { Edge out; }\nclass Edge { Node to = null; int w = 7; }\n"
                          "Node n = new Node(); n.out = new Edge(); n.out.w")
    assert cell.status == "ok", cell.error
    assert cell.text == "7"


def test_compile_error_names_line_and_message(kernel):
    cell = kernel.execute("int ok = 1;\nint fine = 2;\nint bad = missingName + 1;")
    assert cell.status == "error"
    assert cell.error["ename"] == "CompileError"
    tb = "\n".join(cell.error["traceback"])
    assert "line 3" in tb and "cannot find symbol" in tb and "missingName" in tb
    assert "$JShell" not in tb


def test_runtime_error_has_real_class_and_short_trace(kernel):
    cell = kernel.execute("int divide(int a, int b) {\n  return a / b;\n}\ndivide(1, 0)")
    assert cell.status == "error"
    assert cell.error["ename"] == "java.lang.ArithmeticException"
    assert cell.error["evalue"] == "/ by zero"
    tb = cell.error["traceback"]
    assert tb[0] == "java.lang.ArithmeticException: / by zero"
    assert any("divide" in line and "line 2" in line for line in tb)
    joined = "\n".join(tb)
    for internal in ("jdk.jshell", "org.nnlab.kernel", "jdk.internal", "java.lang.reflect", "REPL."):
        assert internal not in joined


def test_error_in_a_later_cell_keeps_earlier_variables(kernel):
    kernel.execute("int keep = 41;")
    assert kernel.execute("Object o = null; o.toString();").error["ename"] == "java.lang.NullPointerException"
    assert kernel.execute("keep + 1").text == "42"


def test_stdin_fails_cleanly_when_frontend_has_no_input(kernel):
    start = time.monotonic()
    cell = kernel.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=False, timeout=30)
    assert time.monotonic() - start < 10
    assert cell.status == "error"
    assert "System.in" in cell.error["evalue"]
    assert kernel.execute("1 + 1").text == "2"


def test_stdin_asks_the_frontend_when_allowed(kernel):
    msg_id = kernel.kc.execute('String name = new java.util.Scanner(System.in).nextLine(); "hi " + name',
                               allow_stdin=True)
    request = kernel.kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request"
    kernel.kc.input("Ada")
    assert kernel.collect(msg_id).text == "hi Ada"


def test_interrupt_while_waiting_for_input(kernel):
    kernel.execute("int waiting = 5;")
    msg_id = kernel.kc.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
    assert kernel.kc.get_stdin_msg(timeout=30)["msg_type"] == "input_request"
    kernel.km.interrupt_kernel()
    assert kernel.collect(msg_id, timeout=10).error["ename"] == "Interrupted"
    assert kernel.execute("waiting").text == "5"
    msg_id = kernel.kc.execute('"got " + new java.util.Scanner(System.in).nextLine()', allow_stdin=True)
    kernel.kc.get_stdin_msg(timeout=30)
    kernel.kc.input("it")
    assert kernel.collect(msg_id).text == "got it"  # input still works afterwards


def test_system_exit_does_not_kill_the_kernel(kernel):
    kernel.execute("int survivor = 7;")
    cell = kernel.execute("System.exit(0);")
    assert cell.status == "error" and "System.exit(0)" in cell.error["evalue"]
    cell = kernel.execute("Runtime.getRuntime().halt(1);")
    assert cell.status == "error"
    assert kernel.is_alive()
    assert kernel.execute("survivor").text == "7"


def test_stack_overflow_is_an_error_and_kernel_survives(kernel):
    kernel.execute("int before = 3;")
    cell = kernel.execute("int down(int n) { return down(n + 1) + 1; }\ndown(0)", timeout=60)
    assert cell.error["ename"] == "java.lang.StackOverflowError"
    assert len(cell.error["traceback"]) < 30
    assert kernel.execute("before").text == "3"


def test_out_of_memory_is_an_error_and_kernel_survives(kernel):
    kernel.execute("String kept = \"still here\";")
    cell = kernel.execute("{ List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[20_000_000]); }",
                          timeout=120)
    assert cell.error["ename"] == "java.lang.OutOfMemoryError"
    assert kernel.execute("kept + \" \" + new long[1_000_000].length").text == "still here 1000000"


def test_messages_with_a_wrong_signature_are_dropped(kernel):
    kernel.execute("int forged = 0;")
    forger = Session(key=b"not-the-right-key", username="intruder")
    forger.send(kernel.kc.shell_channel.socket, "execute_request",
                {"code": "forged = 99;", "silent": False, "store_history": True, "user_expressions": {},
                 "allow_stdin": False, "stop_on_error": True})
    time.sleep(1.0)
    assert kernel.is_alive()
    assert kernel.execute("forged").text == "0"


# ---------------------------------------------------------------- protocol options

def test_silent_and_store_history(kernel):
    before = kernel.execute("1").reply["content"]["execution_count"]
    silent = kernel.execute("int hidden = 5; hidden", silent=True)
    assert silent.status == "ok"
    assert not silent.of_type("execute_input") and not silent.of_type("execute_result")
    unstored = kernel.execute("2", store_history=False)
    assert unstored.text == "2"
    after = kernel.execute("3").reply["content"]["execution_count"]
    assert after == before + 1
    assert kernel.execute("hidden").text == "5"


def test_stop_on_error_aborts_queued_cells(kernel):
    first = kernel.kc.execute("throw new IllegalStateException(\"first fails\");", stop_on_error=True)
    second = kernel.kc.execute("int neverRun = 1;")
    assert kernel.collect(first).status == "error"
    assert kernel.collect(second).status == "aborted"
    assert kernel.execute("1 + 1").text == "2"  # the next cell runs again


def test_a_cell_sent_after_an_error_reply_is_not_aborted(kernel):
    # nbclient and notebook frontends send the next cell only after the reply to the failed one
    for _ in range(20):
        assert kernel.execute("int[] none = new int[0]; none[1] = 2;").status == "error"
        assert kernel.execute("3 * 3").text == "9"


def test_user_expressions(kernel):
    kernel.execute("int ux = 20;")
    reply = kernel.execute("int uy = 1;", user_expressions={"sum": "ux + 1"}).reply
    value = reply["content"]["user_expressions"]["sum"]
    assert value["status"] == "ok" and value["data"]["text/plain"] == "21"


# ---------------------------------------------------------------- output and display

def test_nothing_is_printed_on_startup_and_nd4j_is_quiet(fresh_kernel):
    early = fresh_kernel.iopub_for(1.0)
    assert not [m for m in early if m["msg_type"] in ("stream", "display_data", "error")]
    cell = fresh_kernel.execute("Nd4j.rand(2, 2).sumNumber().doubleValue() >= 0")
    assert cell.text == "true"
    assert cell.stdout == "" and cell.stderr == ""


def test_background_thread_and_logging_output_reach_the_cell(kernel):
    cell = kernel.execute(
        'new Thread(() -> { try { Thread.sleep(400); } catch (InterruptedException e) { }\n'
        '  System.out.println("late from a thread"); }).start();\n'
        'java.util.logging.Logger.getLogger("lecture").warning("jul says hi");\n'
        'org.slf4j.LoggerFactory.getLogger("lecture").warn("slf4j says hi");')
    assert "jul says hi" in cell.stderr
    assert "slf4j says hi" in cell.stderr
    # usually after the cell's reply; on a loaded machine the cell itself may take longer than 400 ms
    messages = cell.messages + kernel.iopub_for(1.5)
    late = [m for m in messages if m["msg_type"] == "stream" and "late from a thread" in m["content"]["text"]]
    assert late, [m["msg_type"] for m in messages]
    assert late[0]["parent_header"]["msg_id"] == cell.reply["parent_header"]["msg_id"]


def test_many_prints_are_batched(kernel):
    cell = kernel.execute("for (int i = 0; i < 5000; i++) System.out.println(\"line \" + i);")
    assert cell.stdout.count("\n") == 5000 and "line 4999" in cell.stdout
    assert len(cell.of_type("stream")) < 200


def test_chart_renders_as_png_and_svg_on_request(kernel):
    kernel.execute('XYChart ch = new XYChartBuilder().width(320).height(200).title("t").build();\n'
                   'ch.addSeries("y", new double[]{0, 1, 2}, new double[]{0, 1, 4});')
    png = kernel.execute("ch").result
    assert png["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature
    svg = kernel.execute('display(ch, "image/svg+xml");').of_type("display_data")[0]["content"]["data"]
    assert "<svg" in svg["image/svg+xml"]


def test_ndarray_renders_as_html_table_with_shape_and_dtype(kernel):
    small = kernel.execute("Nd4j.linspace(1, 6, 6).reshape(2, 3)").result
    assert "<table" in small["text/html"] and "[2, 3]" in small["text/html"] and "FLOAT" in small["text/html"]
    assert small["text/html"].count("<td") == 6
    big = kernel.execute("Nd4j.zeros(DataType.DOUBLE, 500, 400)").result
    assert "[500, 400]" in big["text/html"] and "DOUBLE" in big["text/html"] and "\u2026" in big["text/html"]
    assert big["text/html"].count("<tr>") <= 11
    assert "text/plain" in big


def test_nd4j_runs_on_the_executioner_that_keeps_ops_alive(kernel):
    # ND4J's own executioner lets a garbage collection free an op's arrays during its native code,
    # which kills the kernel (SIGSEGV); see KeepAliveOpExecutioner
    cell = kernel.execute("Nd4j.getExecutioner().getClass().getSimpleName()")
    assert cell.status == "ok" and cell.text == "KeepAliveOpExecutioner"
    cell = kernel.execute("Nd4j.factory().getClass().getSimpleName()")   # the same fix for pullRows
    assert cell.status == "ok" and cell.text == "KeepAliveNDArrayFactory"


def test_display_and_update_display_for_live_plots(kernel):
    cell = kernel.execute(
        'XYChart loss = new XYChartBuilder().width(300).height(200).title("loss").build();\n'
        'loss.addSeries("train", new double[]{0}, new double[]{1});\n'
        'String id = display(loss);\n'
        'for (int epoch = 1; epoch <= 3; epoch++) {\n'
        '  double[] xs = new double[epoch + 1], ys = new double[epoch + 1];\n'
        '  for (int i = 0; i <= epoch; i++) { xs[i] = i; ys[i] = 1.0 / (i + 1); }\n'
        '  loss.updateXYSeries("train", xs, ys, null);\n'
        '  updateDisplay(id, loss);\n'
        '}')
    assert cell.status == "ok", cell.error
    shown = cell.of_type("display_data")
    updates = cell.of_type("update_display_data")
    assert len(shown) == 1 and len(updates) == 3
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)
    assert all(u["content"]["data"]["image/png"] for u in updates)


def test_java_arrays_show_their_elements(kernel):
    assert kernel.execute("Nd4j.zeros(2, 3).shape()").text == "[2, 3]"
    assert kernel.execute('new String[][]{{"a", "b"}, {"c"}}').text == "[[a, b], [c]]"


def test_objects_with_a_mime_bundle_method_render_themselves(kernel):
    cell = kernel.execute('public class Fancy { public Map<String, Object> mimeBundle() { '
                          'return Map.of("text/html", "<b>fancy</b>"); } }\nnew Fancy()')
    assert cell.result["text/html"] == "<b>fancy</b>"


# ---------------------------------------------------------------- editing help

def test_inspect_variable_and_method_at_end_of_code(kernel):
    kernel.execute("INDArray weights = Nd4j.ones(2, 2);")
    kernel.kc.inspect("weights")
    reply = kernel.kc.get_shell_msg(timeout=30)["content"]
    assert reply["found"] and "INDArray" in reply["data"]["text/plain"]
    code = "Nd4j.rand"
    kernel.kc.inspect(code, len(code))
    reply = kernel.kc.get_shell_msg(timeout=30)["content"]
    assert reply["found"] and "rand(" in reply["data"]["text/plain"]


def test_completion_in_the_middle_of_a_multi_line_cell(kernel):
    kernel.execute("int learningRate = 1;")
    code = "int a = 1;\nint b = learningR\nint c = 3;"
    cursor = code.index("learningR") + len("learningR")
    kernel.kc.complete(code, cursor)
    reply = kernel.kc.get_shell_msg(timeout=30)["content"]
    assert "learningRate" in reply["matches"]
    assert code[reply["cursor_start"]:reply["cursor_end"]] == "learningR"


def test_is_complete_for_multi_line_input(kernel):
    for code, status in [("int f() {\n  return 1;", "incomplete"), ("int f() {\n  return 1;\n}", "complete"),
                         ("for (int i = 0; i < 3; i++)", "incomplete"), ("%time 1+1", "complete")]:
        kernel.kc.is_complete(code)
        assert kernel.kc.get_shell_msg(timeout=30)["content"]["status"] == status, code


def test_history_has_inputs_and_outputs(kernel):
    kernel.execute("6 * 7")
    kernel.kc.history(hist_access_type="tail", n=1, output=True, raw=True)
    entry = kernel.kc.get_shell_msg(timeout=30)["content"]["history"][-1]
    assert entry[2] == ["6 * 7", "42"]


# ---------------------------------------------------------------- lifecycle

def test_restart_and_graceful_shutdown():
    k = Kernel()
    try:
        k.execute("int lost = 1;")
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=120)
        assert k.execute("lost").status == "error"  # a restart starts afresh
        assert k.execute("1 + 1").text == "2"
        started = time.monotonic()
        k.km.shutdown_kernel(now=False)
        # jupyter_client kills a kernel only after waiting 5 s; this one must exit by itself, sooner
        assert time.monotonic() - started < 4.0
        assert not k.km.is_alive()
    finally:
        if k.km.is_alive():
            k.km.shutdown_kernel(now=True)
        k.kc.stop_channels()


def test_a_result_whose_rendering_loops_can_be_interrupted(kernel):
    kernel.execute("class Endless { public String toString() { while (true) { } } }")
    msg_id = kernel.kc.execute("new Endless()")
    time.sleep(1.0)
    kernel.km.interrupt_kernel()
    assert kernel.collect(msg_id, timeout=10).error["ename"] == "Interrupted"
    assert kernel.execute("2 + 2").text == "4"


def test_a_result_whose_rendering_fails_is_an_error(kernel):
    cell = kernel.execute('class Broken { public String toString() { throw new IllegalStateException("no text"); } }\n'
                          "new Broken()")
    assert cell.status == "error" and "no text" in cell.error["evalue"]
    assert kernel.execute("2 + 3").text == "5"


# ---------------------------------------------------------------- protocol details (issue 19)

def request(kernel, msg_id):
    """The content of the shell reply to msg_id."""
    return kernel.shell_reply(msg_id, timeout=30)["content"]


def test_comm_info_reply_has_status_ok(kernel):
    reply = request(kernel, kernel.kc.comm_info())
    assert reply["status"] == "ok" and reply["comms"] == {}
    assert request(kernel, kernel.kc.comm_info(target_name="jupyter.widget"))["status"] == "ok"


def test_completion_counts_code_points(kernel):
    # the protocol counts code points; 😀 is one code point but two UTF-16 chars in Java
    code = 'String s = "😀 café"; Math.ma'
    reply = request(kernel, kernel.kc.complete(code, len(code)))
    assert reply["cursor_end"] == len(code)
    assert code[reply["cursor_start"]:reply["cursor_end"]] == "ma"
    assert "max" in reply["matches"] and all(m.startswith("ma") for m in reply["matches"])
    # in the middle of a cell, after two emoji on earlier lines
    kernel.execute("int learningRate = 1;")
    code = 'String a = "😀😀";\nint b = learningR\nString c = "🎉";'
    cursor = code.index("learningR") + len("learningR")
    reply = request(kernel, kernel.kc.complete(code, cursor))
    assert "learningRate" in reply["matches"]
    assert code[reply["cursor_start"]:reply["cursor_end"]] == "learningR"


def test_inspection_counts_code_points(kernel):
    # right after an emoji: a cursor in UTF-16 chars would fall one char short, on "Math.ma"
    code = 'String e = "😀"; Math.max'
    reply = request(kernel, kernel.kc.inspect(code, len(code)))
    assert reply["found"] and "max(" in reply["data"]["text/plain"]
    kernel.execute('String name = "nnlab";')
    code = 'String e = "😀"; name'
    reply = request(kernel, kernel.kc.inspect(code, len(code)))
    assert reply["found"] and "String" in reply["data"]["text/plain"]


def test_is_complete_with_emoji(kernel):
    # is_complete has no cursor: it judges the whole code
    for code, status in [('String f = "😀";\nint g() {', "incomplete"), ('String f = "😀🎉"; int h = 2;', "complete")]:
        assert request(kernel, kernel.kc.is_complete(code))["status"] == status, code


def test_header_dates_have_microseconds_and_a_utc_offset(kernel):
    # jupyter_client turns ISO 8601 dates with seconds into datetimes (jjava's "2026-12-06T18:34+0000" stays a
    # string); the spec asks for microseconds and the offset, which nbclient and JupyterLab use for cell times
    import datetime
    before = datetime.datetime.now(datetime.timezone.utc)
    msg_id = kernel.kc.kernel_info()
    reply = kernel.shell_reply(msg_id, timeout=30)
    cell = kernel.execute("6 * 7")
    dates = [reply["header"]["date"], cell.reply["header"]["date"]] + [m["header"]["date"] for m in cell.messages]
    for date in dates:
        assert isinstance(date, datetime.datetime), date
        assert date.utcoffset() == datetime.timedelta(0)
        assert before - datetime.timedelta(seconds=5) <= date <= datetime.datetime.now(datetime.timezone.utc)
    assert any(d.microsecond % 1000 for d in dates), "no microseconds"  # all whole milliseconds: 1 in 10^(3n)
    # the parent header is the client's own, passed back unchanged
    assert reply["parent_header"]["msg_id"] == msg_id


def test_kernel_info_language_and_help_links(kernel):
    info = request(kernel, kernel.kc.kernel_info())
    language = info["language_info"]
    feature = int(language["version"].split(".")[0].split("+")[0])
    assert {k: language[k] for k in ("name", "mimetype", "file_extension", "pygments_lexer", "codemirror_mode")} \
        == {"name": "java", "mimetype": "text/x-java-source", "file_extension": ".jsh", "pygments_lexer": "java",
            "codemirror_mode": "text/x-java"}
    links = info["help_links"]
    assert links and all(set(link) == {"text", "url"} and link["url"].startswith("https://") for link in links)
    java_api = [link["url"] for link in links if link["text"] == "Java API"]
    assert java_api == [f"https://docs.oracle.com/en/java/javase/{feature}/docs/api/"]  # the running JDK's


def test_results_and_displays_carry_metadata_and_display_ids(kernel):
    cell = kernel.execute('String shownId = display(Nd4j.ones(1, 1));\nupdateDisplay(shownId, "updated");\n6 * 7')
    assert cell.status == "ok", cell.error
    result, = cell.of_type("execute_result")
    assert isinstance(result["content"]["metadata"], dict) and result["content"]["execution_count"] >= 1
    shown, = cell.of_type("display_data")
    updated, = cell.of_type("update_display_data")
    for msg in (shown, updated):
        assert isinstance(msg["content"]["metadata"], dict) and msg["content"]["data"]
        assert msg["content"]["transient"]["display_id"] == shown["content"]["transient"]["display_id"]
    assert kernel.execute("shownId").text == shown["content"]["transient"]["display_id"]
