package dev.mp4j.pool;

import java.net.InetAddress;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A name resolver whose every look-up waits until its thread is interrupted: a machine whose DNS
 * does not answer. Installed only in the JVMs {@link UnresolvableHostTest} starts, through a
 * {@code META-INF/services} file on their class path.
 */
public final class HangingResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) {
                return hang();
            }

            @Override
            public String lookupByAddress(byte[] address) {
                return hang();
            }
        };
    }

    private static <T> T hang() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("interrupted look-up");
    }

    @Override
    public String name() {
        return "hanging";
    }
}
