package io.carrieremu.os.jvm.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files replaced atomically and durably: the new content goes to a temporary file in the same
 * directory, is forced to disk, renamed over the target in one step, and the directory is forced too.
 * A crash at any point leaves the old file or the new one, never a mix; a leftover temporary file
 * (suffix {@value #TEMP_SUFFIX}) is removed by {@link #removeLeftovers}.
 *
 * <p>Owner-only files and directories get POSIX permissions {@code rw-------} / {@code rwx------} from
 * the moment they exist (set at creation, not after), where the file system supports POSIX
 * permissions; elsewhere the platform's defaults apply. Directory forcing is skipped where the platform
 * cannot open a directory (Windows).
 */
public final class AtomicFiles {

    /** Suffix of temporary files. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /** True if this file system enforces POSIX permissions. */
    public static boolean posixPermissions() {
        return POSIX;
    }

    /**
     * Creates {@code directory} and its parents if missing.
     *
     * @param ownerOnly create it {@code rwx------} (an existing directory is tightened to that)
     */
    public static void ensureDirectory(Path directory, boolean ownerOnly) throws IOException {
        if (!Files.isDirectory(directory)) {
            if (ownerOnly && POSIX) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        if (ownerOnly && POSIX) {
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
        }
    }

    /**
     * Replaces {@code target} with {@code content}: temporary file, force, atomic rename, force the
     * directory. On failure the previous file is intact and the temporary file is removed.
     *
     * @param ownerOnly create the file {@code rw-------}
     */
    public static void replace(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = ownerOnly && POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, target.getFileName() + ".", TEMP_SUFFIX, attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(directory);
    }

    /**
     * Deletes {@code target} if it exists and forces the directory.
     *
     * @return true if a file was deleted
     */
    public static boolean delete(Path target) throws IOException {
        boolean deleted = Files.deleteIfExists(target);
        if (deleted) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
        return deleted;
    }

    /** Removes temporary files a crash left in {@code directory}; returns how many. */
    public static int removeLeftovers(Path directory) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
                removed++;
            }
        }
        return removed;
    }

    /** Forces a directory's entries to disk, so a rename or delete survives a power loss. */
    static void syncDirectory(Path directory) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
