package rrl.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over a dataset's arrays ({@link D4rlDataset#sha256()}), streamed through one 1 MB buffer. */
final class ContentHash {
    private static final int CHUNK = 1 << 18; // floats per update (1 MB)

    private ContentHash() {}

    static String of(D4rlDataset d) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        md.update(("d4rl-arrays/1 size=" + d.size() + " obs=" + d.obsDim() + " act=" + d.actDim() + " qpos="
                + d.qposDim() + " qvel=" + d.qvelDim()).getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        floats(md, buf, "observations", d.rawObservations());
        floats(md, buf, "actions", d.rawActions());
        floats(md, buf, "rewards", d.rawRewards());
        bools(md, buf, "terminals", d.rawTerminals());
        bools(md, buf, "timeouts", d.rawTimeouts());
        floats(md, buf, "next_observations", d.rawNextObservations());
        floats(md, buf, "infos/qpos", d.rawQpos());
        floats(md, buf, "infos/qvel", d.rawQvel());
        StringBuilder b = new StringBuilder(64);
        for (byte x : md.digest()) {
            b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return b.toString();
    }

    private static void floats(MessageDigest md, ByteBuffer buf, String key, float[] a) {
        md.update(("\n" + key + (a == null ? " absent" : " " + a.length)).getBytes(StandardCharsets.UTF_8));
        if (a == null) {
            return;
        }
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            buf.clear();
            buf.asFloatBuffer().put(a, i, n);
            buf.limit(n * Float.BYTES);
            md.update(buf);
        }
    }

    private static void bools(MessageDigest md, ByteBuffer buf, String key, boolean[] a) {
        md.update(("\n" + key + " " + a.length).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = buf.array();
        for (int i = 0; i < a.length; i += bytes.length) {
            int n = Math.min(bytes.length, a.length - i);
            for (int j = 0; j < n; j++) {
                bytes[j] = (byte) (a[i + j] ? 1 : 0);
            }
            md.update(bytes, 0, n);
        }
    }
}
