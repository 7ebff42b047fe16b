package org.rios.io;

import java.io.Serializable;

/**
 * An output file a writer has finished (statistics, histograms, overviews, closed) and, unless
 * {@link #placed}, left complete under its partial name for a commit step that puts all of one job's
 * outputs in place together, in this JVM or another that sees the same file system
 * ({@link OutputCommit#commitFinished}). See {@link BlockWriter#finishUnplaced}.
 *
 * @param label the output's label ("name" or "name[seq]")
 * @param finalName the output's file name as given
 * @param readName the name GDAL opens the complete file by now: its partial name, or the final one if placed
 * @param bytes the size of its main file in bytes; -1 for an output written in place
 * @param partialKey the file system's identity of the partial file the writer created, or null: the commit
 *     refuses a partial file another writer has replaced since
 * @param placed true if the writer put it in place itself (an upload to an object store, an output written
 *     in place), which a commit step elsewhere could not do
 */
public record FinishedOutput(String label, String finalName, String readName, long bytes, String partialKey,
    boolean placed) implements Serializable {
  private static final long serialVersionUID = 1L;
}
