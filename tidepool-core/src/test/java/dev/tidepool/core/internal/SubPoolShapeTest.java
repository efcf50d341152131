package dev.tidepool.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code WaitLine.awaitEntry} (the waiting path) larger than C2's {@code FreqInlineSize}, 325
 * bytecodes, so HotSpot never inlines it into borrowers' code, however hot it was at start-up
 * (why: the javadoc of awaitEntry and docs/benchmarks.md), and {@code SubPool.borrow} (the fast
 * path) below it. A refactoring that splits the waiting path up again would bring back the slow
 * JVMs without any test noticing otherwise.
 */
class SubPoolShapeTest {

    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void theWaitingPathIsTooBigForC2ToInline() throws IOException {
        Map<String, Integer> waitLine = codeSizes(WaitLine.class);
        Integer awaitEntry = waitLine.get("awaitEntry");
        assertTrue(awaitEntry != null, "WaitLine has no awaitEntry method: " + waitLine.keySet());
        assertTrue(awaitEntry > FREQ_INLINE_SIZE, "awaitEntry is " + awaitEntry + " bytecodes; keep it above "
                + FREQ_INLINE_SIZE + " so C2 never inlines the waiting path");
        Integer borrow = codeSizes(SubPool.class).get("borrow");
        assertTrue(borrow != null && borrow < FREQ_INLINE_SIZE, "the fast path, borrow, must stay inlinable: " + borrow);
    }

    /** Method name to bytecode length, read from the class file (the largest when overloaded). */
    private static Map<String, Integer> codeSizes(Class<?> type) throws IOException {
        try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class");
             DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // longs and doubles take two slots
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort(); // access flags
            in.readUnsignedShort(); // this class
            in.readUnsignedShort(); // super class
            in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
            Map<String, Integer> sizes = new HashMap<>();
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.readUnsignedShort(); // access flags
                String name = utf8[in.readUnsignedShort()];
                in.readUnsignedShort(); // descriptor
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.readUnsignedShort(); // max stack
                        in.readUnsignedShort(); // max locals
                        int codeLength = in.readInt();
                        sizes.merge(name, codeLength, Math::max);
                        in.skipNBytes(length - 8L);
                    } else {
                        in.skipNBytes(length);
                    }
                }
            }
            return sizes;
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }
}
