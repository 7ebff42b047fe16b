package org.rios.beam;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rios.applier.SinglePassReport;

/**
 * What the ordered sink emits once, after the writer finished every output: how many blocks it wrote and,
 * per output label ("name" or "name[seq]"), which statistics actions ran single-pass.
 *
 * <pre>{@code
 * PCollection<WriteSummary> done = computed.blocks().apply(RiosBeam.write(plan, outfiles));
 * }</pre>
 *
 * @param blocksWritten number of blocks written (the plan's block count on success)
 * @param singlePass per output label, the writer's single-pass report
 */
public record WriteSummary(int blocksWritten, Map<String, SinglePassReport> singlePass) {
  public WriteSummary {
    singlePass = Collections.unmodifiableMap(new LinkedHashMap<>(singlePass));
  }
}
