/**
 * mp4j: Python's threading, multiprocessing and concurrent.futures model for Java.
 *
 * <p>Exported packages are the public API; every {@code internal} package is an implementation
 * detail and may change without notice (a few are exported only to mp4j's own modules).
 */
module dev.mp4j {
    requires org.slf4j;
    requires jdk.unsupported; // sun.misc.Signal: a SIGTERMed parent stops its children (ExitSignals)
    requires static me.tongfei.progressbar;
    requires jdk.jfr;          // dev.mp4j.* flight-recorder events (dormant unless a recording runs)
    requires java.management;  // PoolMXBean, registered on request
    requires jdk.httpserver;   // the live web view, served on request

    exports dev.mp4j;
    exports dev.mp4j.function;
    exports dev.mp4j.spi;
    exports dev.mp4j.connection;
    exports dev.mp4j.pool;
    exports dev.mp4j.subprocess;
    exports dev.mp4j.manager;
    exports dev.mp4j.sync;
    exports dev.mp4j.shm;
    exports dev.mp4j.queue;
    exports dev.mp4j.observe;

    exports dev.mp4j.internal.codec to dev.mp4j.cluster, dev.mp4j.cli, dev.mp4j.bench;
    exports dev.mp4j.internal.process to dev.mp4j.cluster, dev.mp4j.cli, dev.mp4j.bench;
    exports dev.mp4j.internal.transport to dev.mp4j.cluster, dev.mp4j.cli, dev.mp4j.bench;
    exports dev.mp4j.internal.pool to dev.mp4j.cluster;
    exports dev.mp4j.internal.runtime to dev.mp4j.cluster, dev.mp4j.cli, dev.mp4j.bench;
    exports dev.mp4j.internal.observe to dev.mp4j.cluster, dev.mp4j.cli;

    uses dev.mp4j.spi.ClusterProcessFactory;
    uses dev.mp4j.spi.ClusterPoolFactory;
}
