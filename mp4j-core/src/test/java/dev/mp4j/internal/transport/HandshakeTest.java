package dev.mp4j.internal.transport;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The handshake's own HMAC-SHA256 is the JDK's, byte for byte. */
class HandshakeTest {

    @Test
    void hmacMatchesRfc4231TestCase2() {
        byte[] digest = Handshake.hmac("Jefe".getBytes(), "what do ya want for nothing?".getBytes());
        assertThat(HexFormat.of().formatHex(digest))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void hmacMatchesJavaxCryptoMacForKeysShorterEqualAndLongerThanABlock() throws Exception {
        Random random = new Random(42);
        for (int keyLength : new int[] {0, 1, 31, 32, 63, 64, 65, 131, 1000}) {
            for (int messageLength : new int[] {0, 1, 32, 64, 100, 5000}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
                if (key.length == 0) { // SecretKeySpec refuses an empty key; the zero-padded block is the same
                    assertThat(Handshake.hmac(key, message)).isEqualTo(Handshake.hmac(new byte[1], message));
                }
                assertThat(Handshake.hmac(key.length == 0 ? new byte[1] : key, message))
                        .as("key %d bytes, message %d bytes", keyLength, messageLength)
                        .isEqualTo(mac.doFinal(message));
            }
        }
    }
}
