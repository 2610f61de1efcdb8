package dev.mp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mp4j} command. */
@Command(name = "mp4j", mixinStandardHelpOptions = true, subcommands = {MapCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
