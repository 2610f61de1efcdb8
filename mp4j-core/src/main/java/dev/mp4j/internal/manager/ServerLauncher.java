package dev.mp4j.internal.manager;

import dev.mp4j.connection.Address;
import dev.mp4j.connection.Client;
import dev.mp4j.connection.Connection;
import dev.mp4j.function.SerializableRunnable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The target of a manager's server process: binds the server, reports the bound address to the
 * parent over an authenticated connection to {@code readyAddress}, and serves until shutdown.
 * Travels to the child JVM inside the authenticated control channel, authkey included.
 */
public record ServerLauncher(Address address, byte[] authkey, String serverId, Map<String, CustomType> customTypes,
                             Address readyAddress) implements SerializableRunnable {

    @Override
    public void run() {
        try (ManagerServerCore server = new ManagerServerCore(address, authkey, serverId, customTypes)) {
            server.start();
            try (Connection parent = Client.connect(readyAddress, authkey)) {
                parent.send(server.address().toString());
            }
            server.awaitShutdown();
        } catch (IOException e) {
            throw new UncheckedIOException("manager server could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ServerLauncher[" + address + "]";
    }
}
