package dev.tidepool.cli.doctor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PgBouncer's admin console (the virtual database {@code pgbouncer}), spoken to with the simple
 * query protocol by hand: pgjdbc cannot log in to it, because the console reports server_version
 * "1.18.0/bouncer", which makes pgjdbc send {@code SET extra_float_digits}, which the console
 * rejects. Handles trust, cleartext, md5 and SCRAM-SHA-256 authentication.
 * Every read is bounded by the timeout; the password is sent only to the server.
 */
final class BouncerConsole implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private BouncerConsole(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        // Buffered, so that each message leaves in one segment at flush: PgBouncer drops a client
        // whose authentication message arrives in pieces ("client sent partial pkt in startup phase").
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Logs in to the console at {@code host:port} as {@code user}. */
    static BouncerConsole open(String host, int port, String user, String password, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            BouncerConsole console = new BouncerConsole(socket);
            console.login(user, password);
            return console;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void login(String user, String password) throws IOException {
        byte[] body = concat(int32(196608), cstring("user"), cstring(user), cstring("database"), cstring("pgbouncer"),
                new byte[] {0});
        out.write(int32(body.length + 4));
        out.write(body);
        out.flush();
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] message = readBody();
            switch (type) {
                case 'R' -> authenticate(message, user, password);
                case 'E' -> throw new IOException(errorText(message));
                case 'Z' -> {
                    return;
                }
                default -> {
                    // ParameterStatus, BackendKeyData, notices: nothing the doctor needs
                }
            }
        }
    }

    private void authenticate(byte[] message, String user, String password) throws IOException {
        int kind = readInt(message, 0);
        switch (kind) {
            case 0 -> {
                // AuthenticationOk
            }
            case 3 -> sendPassword(requirePassword(password));
            case 5 -> {
                byte[] salt = java.util.Arrays.copyOfRange(message, 4, 8);
                String inner = md5Hex((requirePassword(password) + user).getBytes(StandardCharsets.UTF_8));
                sendPassword("md5" + md5Hex(concat(inner.getBytes(StandardCharsets.US_ASCII), salt)));
            }
            case 10 -> scram(message, requirePassword(password));
            default -> throw new IOException("the console asks for authentication method " + kind + ", which the doctor does not speak");
        }
    }

    /**
     * SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding: client-first, the server's nonce,
     * salt and iterations, the client proof, and the server's signature checked at the end.
     */
    private void scram(byte[] mechanisms, String password) throws IOException {
        if (!new String(mechanisms, 4, mechanisms.length - 4, StandardCharsets.UTF_8).contains("SCRAM-SHA-256")) {
            throw new IOException("the console offers no SASL mechanism the doctor speaks (SCRAM-SHA-256)");
        }
        byte[] nonceBytes = new byte[18];
        new SecureRandom().nextBytes(nonceBytes);
        String clientNonce = Base64.getEncoder().encodeToString(nonceBytes);
        String clientFirstBare = "n=,r=" + clientNonce;
        byte[] clientFirst = ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(cstring("SCRAM-SHA-256"), int32(clientFirst.length), clientFirst);
        out.write('p');
        out.write(int32(body.length + 4));
        out.write(body);
        out.flush();
        String serverFirst = saslMessage(11);
        Map<String, String> fields = scramFields(serverFirst);
        String nonce = fields.get("r");
        if (nonce == null || !nonce.startsWith(clientNonce) || fields.get("s") == null || fields.get("i") == null) {
            throw new IOException("the console's SCRAM challenge is not valid");
        }
        byte[] salted = pbkdf2(password, Base64.getDecoder().decode(fields.get("s")), Integer.parseInt(fields.get("i")));
        byte[] clientKey = hmac(salted, "Client Key");
        String clientFinalBare = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalBare;
        byte[] signature = hmac(sha256(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        byte[] clientFinal = (clientFinalBare + ",p=" + Base64.getEncoder().encodeToString(proof))
                .getBytes(StandardCharsets.UTF_8);
        out.write('p');
        out.write(int32(clientFinal.length + 4));
        out.write(clientFinal);
        out.flush();
        String serverFinal = saslMessage(12);
        String expected = Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
        if (!expected.equals(scramFields(serverFinal).get("v"))) {
            throw new IOException("the console's SCRAM signature does not match: not the server it claims to be");
        }
    }

    /** Reads the next AuthenticationSASLContinue (11) or AuthenticationSASLFinal (12), failing on an error. */
    private String saslMessage(int kind) throws IOException {
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] message = readBody();
            if (type == 'E') {
                throw new IOException(errorText(message));
            }
            if (type == 'R' && readInt(message, 0) == kind) {
                return new String(message, 4, message.length - 4, StandardCharsets.UTF_8);
            }
        }
    }

    private static Map<String, String> scramFields(String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : message.split(",")) {
            if (part.length() > 2 && part.charAt(1) == '=') {
                fields.put(part.substring(0, 1), part.substring(2));
            }
        }
        return fields;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws IOException {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IOException("SCRAM: " + e.getMessage(), e);
        }
    }

    private static byte[] hmac(byte[] key, String text) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException("SCRAM: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] data) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("SCRAM: " + e.getMessage(), e);
        }
    }

    private static String requirePassword(String password) throws IOException {
        if (password == null) {
            throw new IOException("the console asks for a password and none was given (--admin-password-env)");
        }
        return password;
    }

    private void sendPassword(String text) throws IOException {
        byte[] body = cstring(text);
        out.write('p');
        out.write(int32(body.length + 4));
        out.write(body);
        out.flush();
    }

    /** Runs one console command ({@code SHOW CONFIG}, {@code SHOW POOLS}...): its rows, column name to value. */
    List<Map<String, String>> query(String sql) throws IOException {
        byte[] body = cstring(sql);
        out.write('Q');
        out.write(int32(body.length + 4));
        out.write(body);
        out.flush();
        List<String> columns = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        IOException error = null;
        for (;;) {
            int type = in.readUnsignedByte();
            byte[] message = readBody();
            switch (type) {
                case 'T' -> columns = rowDescription(message);
                case 'D' -> rows.add(dataRow(message, columns));
                case 'E' -> error = new IOException(errorText(message));
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return rows;
                }
                default -> {
                    // CommandComplete, notices
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            out.write('X');
            out.write(int32(4));
            out.flush();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    // ---- wire format ------------------------------------------------------------------------------

    private byte[] readBody() throws IOException {
        int length = in.readInt();
        if (length < 4 || length > 16 * 1024 * 1024) {
            throw new IOException("not a PostgreSQL protocol message (length " + length + ")");
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return body;
    }

    private static List<String> rowDescription(byte[] m) {
        int n = readShort(m, 0);
        List<String> names = new ArrayList<>(n);
        int at = 2;
        for (int i = 0; i < n; i++) {
            int end = at;
            while (m[end] != 0) {
                end++;
            }
            names.add(new String(m, at, end - at, StandardCharsets.UTF_8));
            at = end + 1 + 18; // table oid, column, type oid, size, modifier, format
        }
        return names;
    }

    private static Map<String, String> dataRow(byte[] m, List<String> columns) {
        int n = readShort(m, 0);
        Map<String, String> row = new LinkedHashMap<>();
        int at = 2;
        for (int i = 0; i < n; i++) {
            int length = readInt(m, at);
            at += 4;
            String value = length < 0 ? null : new String(m, at, length, StandardCharsets.UTF_8);
            at += Math.max(0, length);
            row.put(i < columns.size() ? columns.get(i) : "column" + i, value);
        }
        return row;
    }

    private static String errorText(byte[] m) {
        String severity = "ERROR";
        String text = "";
        int at = 0;
        while (at < m.length && m[at] != 0) {
            byte field = m[at++];
            int end = at;
            while (end < m.length && m[end] != 0) {
                end++;
            }
            String value = new String(m, at, end - at, StandardCharsets.UTF_8);
            if (field == 'S') {
                severity = value;
            } else if (field == 'M') {
                text = value;
            }
            at = end + 1;
        }
        return severity + ": " + text;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    private static int readShort(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] c = java.util.Arrays.copyOf(b, b.length + 1);
        return c;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static String md5Hex(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(data);
            StringBuilder sb = new StringBuilder(32);
            for (byte b : digest) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

}
