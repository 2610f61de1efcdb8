package dev.mp4j.cli;

import dev.mp4j.connection.Address;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.ManagerServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code mp4j manager}: run a standalone manager server that other JVMs reach with
 * {@code Manager.connect(address, authkey)} (Python's {@code BaseManager.get_server().serve_forever()}).
 */
@Command(name = "manager", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Shared-object manager servers.",
        subcommands = {ManagerCommand.Serve.class})
public final class ManagerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code mp4j manager serve}: serves until the process is killed. */
    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Serve a manager on a TCP address until killed. Clients must know the authkey.")
    static final class Serve implements Callable<Integer> {
        private static final Logger log = LoggerFactory.getLogger(ManagerCommand.class);

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", required = true, description = "TCP port (0: any free port, logged at start).")
        private int port;

        @Option(names = "--host", defaultValue = "127.0.0.1",
                description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
        private String host;

        @Option(names = "--authkey-file", required = true,
                description = "File holding the authkey (at least 16 bytes; must not be readable by group or others).")
        private Path authkeyFile;

        @Override
        public Integer call() throws IOException {
            if (port < 0 || port > 65535) {
                throw usage("--port must be in 0..65535, got " + port);
            }
            byte[] authkey = readAuthkey();
            ManagerServer server;
            try {
                server = Manager.builder().address(Address.tcp(host, port)).authkey(authkey).serve();
            } catch (IllegalStateException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("mp4j manager serve: " + e.getMessage());
                return 1;
            } finally {
                Arrays.fill(authkey, (byte) 0);
            }
            log.info("manager serving on {} (clients: Manager.connect(Address.parse(\"{}\"), authkey))",
                    server.address(), server.address());
            try {
                server.awaitShutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.close();
                log.info("manager on {} stopped", server.address());
            }
            return 0;
        }

        private byte[] readAuthkey() throws IOException {
            if (!Files.isRegularFile(authkeyFile)) {
                throw usage("authkey file " + authkeyFile + " does not exist or is not a regular file");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(authkeyFile);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE) || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
                throw usage("authkey file " + authkeyFile + " is readable or writable by group or others;"
                        + " restrict it with: chmod 600 " + authkeyFile);
            }
            byte[] content = Files.readAllBytes(authkeyFile);
            int length = content.length;
            while (length > 0 && (content[length - 1] == '\n' || content[length - 1] == '\r')) {
                length--;
            }
            byte[] key = Arrays.copyOf(content, length);
            Arrays.fill(content, (byte) 0);
            if (key.length == 0) {
                throw usage("authkey file " + authkeyFile + " is empty; put at least 16 random bytes in it"
                        + " (e.g. head -c 32 /dev/urandom | base64 > " + authkeyFile + ")");
            }
            if (key.length < 16) {
                throw usage("authkey in " + authkeyFile + " has " + key.length + " bytes; at least 16 are required");
            }
            return key;
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
