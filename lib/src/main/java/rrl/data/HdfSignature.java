package rrl.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cheap checks before jhdf sees a file, so the common mistakes (wrong path, a non-HDF5 file, an interrupted
 * download) get a clear message instead of a parser error deep inside jhdf.
 */
final class HdfSignature {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /** endOfFile result when the file ends inside the superblock itself. */
    private static final long TOO_SHORT = -2;

    private HdfSignature() {}

    static void check(Path file) {
        check(file, false);
    }

    /**
     * As {@link #check(Path)}; {@code minari} says the file is a Minari dataset's {@code main_data.hdf5} (given as
     * such or found in a dataset folder), so the messages speak of that file, not of a D4RL one.
     */
    static void check(Path file, boolean minari) {
        String expected = minari ? "a Minari dataset's " + MinariHdf5.MAIN_FILE + " (Minari's hdf5 storage, as minari "
                + "or `rrl datasets convert --to minari` writes it)" : "a D4RL .hdf5 file";
        String fix = minari ? "recreate the Minari dataset (minari, or `rrl datasets convert --to minari`)"
                : "re-download or regenerate it";
        if (!Files.exists(file)) {
            throw new D4rlFormatException(file + ": no such file; check the path (D4RL's files are named like "
                    + "hopper_medium-v2.hdf5, rrl's like datasets/hopper-medium-rrl.hdf5: `rrl datasets generate`)");
        }
        if (Files.isDirectory(file)) {
            throw new D4rlFormatException(file + ": is a directory, expected " + expected);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long base = findSignature(ch, size);
            if (base < 0) {
                throw new D4rlFormatException(file + ": not an HDF5 file (bad signature); expected " + (minari
                        ? expected + "; this dataset's data file is damaged or not Minari's: " + fix
                        : expected + ", e.g. as written by h5py or D4rlDataset.write"));
            }
            long eof = endOfFile(ch, base);
            if (eof == TOO_SHORT) {
                throw new D4rlFormatException(file + ": truncated HDF5 file: it ends inside the superblock ("
                        + size + " bytes); " + fix);
            }
            if (eof > 0 && eof > size) {
                throw new D4rlFormatException(file + ": truncated HDF5 file: the superblock says " + eof
                        + " bytes but the file has " + size + "; the download or write was interrupted, " + fix);
            }
        } catch (NoSuchFileException e) {
            throw new D4rlFormatException(file + ": no such file; check the path", e);
        } catch (IOException e) {
            throw new D4rlFormatException(file + ": cannot read (" + rrl.io.IoErrors.describe(e) + "); check permissions", e);
        }
    }

    /** The signature sits at 0 or, after a user block, at 512, 1024, 2048, ... (HDF5 spec, superblock). */
    private static long findSignature(FileChannel ch, long size) throws IOException {
        for (long off = 0; off + SIGNATURE.length <= size; off = off == 0 ? 512 : off * 2) {
            ByteBuffer b = ByteBuffer.allocate(SIGNATURE.length);
            ch.read(b, off);
            if (java.util.Arrays.equals(b.array(), SIGNATURE)) {
                return off;
            }
        }
        return -1;
    }

    /**
     * Absolute end-of-file address from the superblock, -1 if unknown, TOO_SHORT if cut inside it.
     * Versions 0/1 keep the offset size at byte 13 and the base, free-space, EOF addresses from byte 24
     * (v0) or 28 (v1); versions 2/3 keep it at byte 9 and base, extension, EOF addresses from byte 12.
     */
    private static long endOfFile(FileChannel ch, long sig) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(head, sig);
        head.flip();
        if (head.limit() < 16) {
            return TOO_SHORT;
        }
        int version = head.get(8) & 0xff;
        int offsetSize;
        int addrStart;
        if (version == 0 || version == 1) {
            offsetSize = head.get(13) & 0xff;
            addrStart = version == 0 ? 24 : 28;
        } else if (version == 2 || version == 3) {
            offsetSize = head.get(9) & 0xff;
            addrStart = 12;
        } else {
            return -1;
        }
        if (offsetSize != 8 && offsetSize != 4) {
            return -1;
        }
        int eofAt = addrStart + 2 * offsetSize;
        if (head.limit() < eofAt + offsetSize) {
            return TOO_SHORT;
        }
        long base = offsetSize == 8 ? head.getLong(addrStart) : head.getInt(addrStart) & 0xffffffffL;
        long eof = offsetSize == 8 ? head.getLong(eofAt) : head.getInt(eofAt) & 0xffffffffL;
        if (eof == -1L || (offsetSize == 4 && eof == 0xffffffffL)) {
            return -1; // undefined address
        }
        return base + eof;
    }
}
