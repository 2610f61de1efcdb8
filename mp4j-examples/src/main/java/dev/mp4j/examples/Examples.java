package dev.mp4j.examples;

import java.util.Map;
import java.util.TreeMap;

/** The ported seed programs by name, for {@code mp4j example NAME}. */
public final class Examples {
    private static final String[] NAMES = {
        "HelloWorld", "FatherAndSons", "Thread1", "Communication1", "Communication3", "ManagerDict",
        "FinalExample", "SumPrimesAssignment", "IntegrateMain",
        "SubprocessPipeline", "ExternalProgramPool",
        "Communication2", "Communication4", "Communication5", "Synchro1", "Synchro2", "Thread2", "Thread2b",
        "PipeProducerConsumer", "QueueWorkers", "BoundedProducerConsumer",
        "FourProcesses", "PoolExample", "PoolExample2", "PoolWithInitializer",
        "CountdownThread", "Countdown", "JoinPrinter", "DaemonThreads", "BestSolution", "RLockABManager",
        "LockABManager", "HklQueueWorkers", "CountdownProcess",
        "ThreadingModule", "SubclassingThread", "Locks", "NonblockingLocking", "ManagingThreadResults",
        "OtherQueueTypes", "MultiprocessingModule", "DifferencesWithThreading", "PoolingExample",
        "ThreadPoolExample", "Coroutines", "WebServiceApp", "ClientThreading", "ClientMp", "ClientPooled",
        "FactorialSerial", "FactorialThreadPoolExecutor", "SleepingThreads", "LockedCounter", "ValueWithLock",
        "StartMethods", "UnjoinedThreads", "BackgroundThreadDied", "Deadlock", "ThreadLockAcrossProcesses", "TooMuchState",
        "ThreadIOSeq", "ThreadIO", "ThreadedDownloads", "FactorialThreads", "FactorialProcesses",
        "OtherSynchronizationObjects", "StdoutWriter", "JoinableQueueWorkers", "Starvation", "KillingAThread", "ThreadModels",
    };

    private Examples() {
    }

    /** Name → main class, for the examples present on the class path. */
    public static Map<String, Class<?>> all() {
        Map<String, Class<?>> examples = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : NAMES) {
            try {
                examples.put(name, Class.forName(Examples.class.getPackageName() + "." + name));
            } catch (ClassNotFoundException notPorted) {
                // listed for a seed program whose port is not in this build
            }
        }
        return examples;
    }
}
