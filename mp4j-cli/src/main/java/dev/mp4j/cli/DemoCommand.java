package dev.mp4j.cli;

import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mp4j demo}: spawns child JVMs that print their pids. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Start N child JVMs that print their name, pid and parent pid.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-n", "--processes"}, description = "number of child processes (default: cpu count)")
    private int processes = Multiprocessing.cpuCount();

    @Override
    public Integer call() throws InterruptedException {
        if (processes < 1) {
            System.err.println("mp4j demo: --processes must be at least 1, got " + processes);
            return 2;
        }
        System.out.println("main process pid " + ProcessHandle.current().pid());
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            Process p = Process.of(() -> System.out.println(Multiprocessing.currentProcess().name() + ": pid "
                    + ProcessHandle.current().pid() + ", parent pid " + Multiprocessing.parentProcess().orElseThrow().pid()));
            p.start();
            children.add(p);
        }
        for (Process p : children) {
            p.join();
            System.out.println(p.name() + " (pid " + p.pid() + ") exited with code " + p.exitCode().orElseThrow());
        }
        return 0;
    }
}
