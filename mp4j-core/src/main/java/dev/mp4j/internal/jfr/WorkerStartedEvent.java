package dev.mp4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import jdk.jfr.Enabled;

/** A pool worker JVM took its first task: the phases of its start-up. */
@Name("dev.mp4j.WorkerStarted")
@Label("Worker Started")
@Category({"mp4j", "Worker"})
@Description("A pool worker JVM took its first task: the phases of its start-up.")
@StackTrace(false)

final class WorkerStartedEvent extends jdk.jfr.Event {
    @Label("Pool") String pool;
    @Label("Worker") String worker;
    @Label("Pid") long pid;
    @Label("From Spare") @Description("Its JVM was a warm spare, started before the pool asked for it") boolean fromSpare;
    @Label("Spawn To JVM Up") @Description("From the java command to mp4j code running in the child") @Timespan(Timespan.NANOSECONDS) long spawnToUp;
    @Label("Acquired To Connected") @Description("From the pool asking for the JVM to its authenticated connection (handshake); zero for a spare connected before it was taken") @Timespan(Timespan.NANOSECONDS) long acquiredToConnected;
    @Label("Connected To Ready") @Description("From the later of the connection and the pool asking, to the worker ready for tasks (initializer run)") @Timespan(Timespan.NANOSECONDS) long connectedToReady;
    @Label("Start-up") @Description("From the pool asking for the worker to the worker ready") @Timespan(Timespan.NANOSECONDS) long startUp;
}
