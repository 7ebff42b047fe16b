package org.rios.applier;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.rios.grid.PixelGrid;
import org.rios.timing.Timers;

/**
 * What {@link Applier#apply} returns: the timings of every stage, the otherArgs object(s), the working grid
 * and which statistics actions ran single-pass.
 *
 * <pre>{@code
 * ApplierReturn<OtherInputs> rtn = Applier.apply(fn, infiles, outfiles, acc, controls);
 * System.out.println(rtn.timings().formatReport());
 * double total = rtn.otherArgsList().stream().mapToDouble(a -> a.getDouble("sum")).sum();
 * }</pre>
 *
 * @param <A> the otherArgs type
 */
public final class ApplierReturn<A> {
  private final Timers timings;
  private final List<A> otherArgsList;
  private final PixelGrid workingGrid;
  private final Map<String, SinglePassReport> singlePass;

  public ApplierReturn(Timers timings, List<A> otherArgsList, PixelGrid workingGrid,
      Map<String, SinglePassReport> singlePass) {
    this.timings = timings;
    this.otherArgsList = Collections.unmodifiableList(otherArgsList);
    this.workingGrid = workingGrid;
    this.singlePass = Collections.unmodifiableMap(singlePass);
  }

  /** Timers of all stages and threads, including "walltime". */
  public Timers timings() {
    return timings;
  }

  /**
   * The otherArgs objects: without compute workers, a one-element list holding the caller's own object
   * (mutated in place); with compute workers, each worker's copy.
   */
  public List<A> otherArgsList() {
    return otherArgsList;
  }

  public PixelGrid workingGrid() {
    return workingGrid;
  }

  /** Per output label ("name" or "name[seq]"): which of pyramids, basic stats and histogram ran single-pass. */
  public Map<String, SinglePassReport> singlePassReports() {
    return singlePass;
  }
}
