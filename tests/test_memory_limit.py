"""A kernel with a memory limit (MEM_LIMIT, as JupyterHub's spawners set it) stops a cell that would
outgrow it, with a message, and lives on with its variables (kernel/.../exec/MemoryGuard.java)."""
from kernel_client import Kernel

LIMIT = 900 * 2**20


def test_a_cell_that_outgrows_the_memory_limit_is_stopped_and_the_kernel_lives_on():
    k = Kernel(env={"MEM_LIMIT": str(LIMIT)})
    try:
        assert k.execute("int kept = 42; List<INDArray> hog = new ArrayList<>();").status == "ok"
        # 20 MB of ND4J memory per step, outside the Java heap: 1000 steps would need 20 GB
        cell = k.execute("for (int i = 0; i < 1000; i++) { hog.add(Nd4j.rand(DataType.FLOAT, 5_000_000)); }",
                         timeout=300)
        assert cell.status == "error"
        assert cell.error["ename"] == "MemoryLimit", cell.error
        assert "memory limit" in cell.error["evalue"] and "restart the kernel" in cell.error["evalue"]
        assert "0.94 GB" in cell.error["evalue"], cell.error["evalue"]  # the limit, named
        # the kernel lives; the variables are kept; near the limit a cell that frees memory still runs
        cell = k.execute('System.out.println(kept + " " + (hog.size() > 10));')
        assert cell.status == "ok" and cell.stdout.strip() == "42 true", cell.error
        assert k.execute("hog = null; System.gc();").status == "ok"
        cell = k.execute("INDArray again = Nd4j.rand(DataType.FLOAT, 5_000_000); "
                         "System.out.println(again.length());")
        assert cell.status == "ok" and cell.stdout.strip() == "5000000", cell.error
        assert k.km.is_alive()
    finally:
        k.shutdown()


def test_a_full_java_heap_is_explained():
    k = Kernel(env={"JDK_JAVA_OPTIONS": "-Xmx96m"})
    try:
        cell = k.execute("List<long[]> big = new ArrayList<>(); while (true) big.add(new long[1 << 20]);",
                         timeout=300)
        assert cell.status == "error"
        assert cell.error["ename"] == "java.lang.OutOfMemoryError", cell.error
        assert "Java heap" in cell.error["evalue"] and "restart the kernel" in cell.error["evalue"], cell.error
        assert k.execute("big = null; System.out.println(1 + 1);").stdout.strip() == "2"
    finally:
        k.shutdown()
