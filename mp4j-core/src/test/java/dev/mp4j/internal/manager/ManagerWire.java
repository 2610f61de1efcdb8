package dev.mp4j.internal.manager;

import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;

/** Test access to the manager protocol, to play a (faulty or hostile) client. */
public final class ManagerWire {
    public static final int HELLO = Protocol.HELLO;
    public static final int REQUEST = Protocol.REQUEST;
    public static final int RESULT = Protocol.RESULT;
    public static final int ERROR = Protocol.ERROR;

    private ManagerWire() {
    }

    public static byte[] hello(String clientJvm) {
        BytesOutput out = new BytesOutput(64);
        out.writeString(clientJvm);
        return out.toByteArray();
    }

    /** A request to the manager itself ({@code pid}, {@code objectCount}, {@code create}, ...). */
    public static byte[] managerRequest(String signature, Object... args) {
        BytesOutput out = new BytesOutput(128);
        out.writeLong(Protocol.MANAGER_ID);
        out.writeString(signature);
        out.writeLong(1);
        out.writeInt(args.length);
        for (Object arg : args) {
            Codec.standard().encode(arg, out);
        }
        return out.toByteArray();
    }

    /** A manager request whose one argument is raw bytes (a payload no honest client would send). */
    public static byte[] requestWithRawArgument(String signature, byte[] encodedArgument) {
        BytesOutput out = new BytesOutput(128);
        out.writeLong(Protocol.MANAGER_ID);
        out.writeString(signature);
        out.writeLong(1);
        out.writeInt(1);
        out.write(encodedArgument, 0, encodedArgument.length);
        return out.toByteArray();
    }

    /** The text of an ERROR reply: exception class and message. */
    public static String errorText(byte[] payload) {
        ErrorReply reply = (ErrorReply) Codec.standard().decode(payload);
        return reply.className() + ": " + reply.message();
    }
}
