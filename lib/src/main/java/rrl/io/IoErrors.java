package rrl.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The cause of a failed file operation in words, for "cannot write X: ..." messages. NIO's exceptions carry only
 * the path as their message ("cannot write X: X"); this names what went wrong and on which path.
 */
public final class IoErrors {
    private IoErrors() {}

    /** "permission denied (/a/b)", "no such file or directory (/a)", ... */
    public static String describe(Exception e) {
        String what;
        if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            what = "no such file or directory";
        } else if (e instanceof NotDirectoryException) {
            what = "not a directory";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            what = "directory not empty";
        } else if (e instanceof FileSystemException fs) {
            what = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
        } else {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        FileSystemException fs = (FileSystemException) e;
        String on = fs.getFile() == null ? "" : fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
        return on.isEmpty() ? what : what + " (" + on + ")";
    }
}
