"""Magic commands: %time, %%time, %classpath, %load, %maven, and completion of magic names."""
import json
import subprocess

import pytest

from kernel_client import Kernel


def test_time_line_and_cell_magic(kernel):
    line = kernel.execute("%time int slept = 0; Thread.sleep(50);")
    assert line.status == "ok" and "Wall time:" in line.stdout
    cell = kernel.execute("%%time\nint total = 0;\nfor (int i = 0; i < 1000; i++) total += i;\ntotal")
    assert "Wall time:" in cell.stdout
    assert cell.text == "499500"


def test_unknown_magic_is_a_clear_error(kernel):
    cell = kernel.execute("%nosuchmagic")
    assert cell.status == "error" and "%classpath" in cell.error["evalue"]


def test_classpath_adds_jars_and_folders(kernel, tmp_path):
    (tmp_path / "src" / "lab").mkdir(parents=True)
    (tmp_path / "src" / "lab" / "Greeter.java").write_text(
        "package lab; public class Greeter { public static String hi() { return \"hi from a jar\"; } }")
    subprocess.run(["javac", "--release", "17", "-d", str(tmp_path / "classes"),
                    str(tmp_path / "src" / "lab" / "Greeter.java")], check=True)
    subprocess.run(["jar", "cf", str(tmp_path / "greeter.jar"), "-C", str(tmp_path / "classes"), "."], check=True)
    assert kernel.execute(f"%classpath {tmp_path}/*.jar").status == "ok"
    assert kernel.execute("lab.Greeter.hi()").text == "hi from a jar"
    listed = kernel.execute("%classpath").stdout
    assert "greeter.jar" in listed
    missing = kernel.execute(f"%classpath {tmp_path}/nothing-here.jar")
    assert missing.status == "error" and "nothing found" in missing.error["evalue"]


def test_load_a_jshell_script_and_a_notebook(kernel, tmp_path):
    script = tmp_path / "helpers.jsh"
    script.write_text("double square(double x) { return x * x; }\n")
    assert kernel.execute(f"%load {script}").status == "ok"
    assert kernel.execute("square(3)").text == "9.0"
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# not code"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["int fromNotebook = 11;\n", "int alsoThere = 1;"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "int sumThere = fromNotebook + alsoThere;"}]}
    path = tmp_path / "other.ipynb"
    path.write_text(json.dumps(nb))
    assert kernel.execute(f"%load {path}").status == "ok"
    assert kernel.execute("sumThere").text == "12"


def test_maven_resolves_from_maven_central(kernel):
    cell = kernel.execute("%maven org.apache.commons:commons-csv:1.10.0", timeout=300)
    assert cell.status == "ok", cell.error
    assert "commons-csv" in cell.stdout
    assert kernel.execute('org.apache.commons.csv.CSVFormat.DEFAULT.getDelimiterString()').text == ","


def test_maven_offline_gives_a_clear_error(tmp_path):
    offline = Kernel(env={"NNLAB_MAVEN_REPOSITORY": "http://127.0.0.1:9/maven2/",
                          "NNLAB_MAVEN_LOCAL": str(tmp_path / "empty-repo")})
    try:
        cell = offline.execute("%maven org.apache.commons:commons-csv:1.10.0", timeout=120)
        assert cell.status == "error"
        assert "could not resolve" in cell.error["evalue"] and "offline" in cell.error["evalue"]
        bad = offline.execute("%maven not-a-coordinate")
        assert bad.status == "error" and "group:artifact:version" in bad.error["evalue"]
        assert offline.execute("1 + 1").text == "2"
    finally:
        offline.shutdown()
