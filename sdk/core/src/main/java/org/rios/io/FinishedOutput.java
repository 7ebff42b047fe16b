package org.rios.io;

import java.io.Serializable;

/**
 * An output file a writer has finished (statistics, histograms, overviews, closed) and put in place. For a
 * writer of one output among several of a job ({@link BlockWriter#finishKeepingEarlier}), the earlier file at
 * its name is kept aside until a commit step, in this JVM or another that sees the same file system, has
 * heard from every output of the job: then it confirms them all ({@link OutputCommit#confirm}: the earlier
 * files are deleted) or takes them all back ({@link OutputCommit#undo}). A Beam run whose launcher confirms
 * its outputs (CW_BEAM) keeps every output's earlier file aside until the launcher does.
 *
 * @param label the output's label ("name" or "name[seq]")
 * @param finalName the output's file name as given
 * @param bytes the size of its main file in bytes; -1 for an output written in place
 * @param placedKey the file system's identity of the file put at the final path, or null (an upload, an output
 *     written in place): an undo deletes only that file, never one another run has put there since
 * @param earlierKept true if an earlier output of the same name was kept aside, to be deleted or moved back
 */
public record FinishedOutput(String label, String finalName, long bytes, String placedKey, boolean earlierKept)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
