package org.rios.concurrency;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rios.errors.ParameterException;

/**
 * How reading, computing and writing overlap. A plain value: the drivers read it. The default is no
 * concurrency at all.
 *
 * <pre>{@code
 * ConcurrencyStyle style = ConcurrencyStyle.builder()
 *     .numReadWorkers(1).numComputeWorkers(2).computeWorkerKind(ComputeWorkerKind.CW_THREADS).build();
 * controls.setConcurrencyStyle(style);
 * }</pre>
 *
 * <p>{@link Builder#build()} applies RIOS's validation rules and throws {@link ParameterException} naming
 * the rule. Beyond RIOS, it also rejects styles RIOS accepts but that fail at run time: compute workers
 * that do not read their own blocks with no read workers to feed them (RIOS: zero-capacity buffer),
 * singleBlockComputeWorkers outside the batch kinds, and negative timeouts.
 */
public final class ConcurrencyStyle implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numReadWorkers;
  private final int numComputeWorkers;
  private final ComputeWorkerKind computeWorkerKind;
  private final Boolean computeWorkersRead;
  private final boolean singleBlockComputeWorkers;
  private final boolean haveSharedTemp;
  private final Integer readBufferInsertTimeout;
  private final Integer readBufferPopTimeout;
  private final Integer computeBufferInsertTimeout;
  private final Integer computeBufferPopTimeout;
  private final Integer computeBarrierTimeout;
  private final Map<String, String> computeWorkerExtraParams;
  private final boolean auto;

  private ConcurrencyStyle(Builder b) {
    auto = b.auto;
    numReadWorkers = b.numReadWorkers;
    numComputeWorkers = b.numComputeWorkers;
    computeWorkerKind = b.computeWorkerKind;
    computeWorkersRead = b.computeWorkersRead;
    singleBlockComputeWorkers = b.singleBlockComputeWorkers;
    haveSharedTemp = b.haveSharedTemp;
    readBufferInsertTimeout = b.readBufferInsertTimeout;
    readBufferPopTimeout = b.readBufferPopTimeout;
    computeBufferInsertTimeout = b.computeBufferInsertTimeout;
    computeBufferPopTimeout = b.computeBufferPopTimeout;
    computeBarrierTimeout = b.computeBarrierTimeout;
    computeWorkerExtraParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.computeWorkerExtraParams));
  }

  /** The default style: no concurrency. */
  public static ConcurrencyStyle none() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Lets the library choose: it reads and computes a few blocks spread over the run (the user function called
   * on them, its outputs discarded), times reading, computing and writing, and runs the job with the style that
   * suits this machine's cores and that balance: sequential, 1 read worker, or 1 or 2 read workers with
   * compute threads (CW_THREADS); a run given otherArgs gets 1 read worker, untimed. The chosen styles have
   * no buffer timeouts. The timing report says what it chose and why. Not in RIOS, which leaves this to a
   * manual recipe. With compute threads the one user function object is called from several threads at once,
   * as with CW_THREADS: mutable state it keeps of its own (a reused scratch array, a {@code Random}) must be
   * thread-safe, kept in otherArgs (each thread's own copy; auto() then keeps one compute thread) or a
   * {@code ThreadLocal}, else choose the style explicitly.
   */
  public static ConcurrencyStyle auto() {
    Builder b = builder();
    b.auto = true;
    return b.build();
  }

  /** Whether this is {@link #auto()}: the library chooses the style when the run starts. */
  public boolean isAuto() { return auto; }

  public int numReadWorkers() { return numReadWorkers; }
  public int numComputeWorkers() { return numComputeWorkers; }
  public ComputeWorkerKind computeWorkerKind() { return computeWorkerKind; }
  /** As given: null means the kind's default; see {@link #effectiveComputeWorkersRead()}. */
  public Boolean computeWorkersRead() { return computeWorkersRead; }
  public boolean effectiveComputeWorkersRead() {
    return computeWorkersRead != null ? computeWorkersRead : computeWorkerKind.readsByDefault();
  }
  public boolean singleBlockComputeWorkers() { return singleBlockComputeWorkers; }
  public boolean haveSharedTemp() { return haveSharedTemp; }
  /** Seconds; null = wait forever. */
  public Integer readBufferInsertTimeout() { return readBufferInsertTimeout; }
  public Integer readBufferPopTimeout() { return readBufferPopTimeout; }
  public Integer computeBufferInsertTimeout() { return computeBufferInsertTimeout; }
  public Integer computeBufferPopTimeout() { return computeBufferPopTimeout; }
  public Integer computeBarrierTimeout() { return computeBarrierTimeout; }
  public Map<String, String> computeWorkerExtraParams() { return computeWorkerExtraParams; }

  /** True when nothing runs concurrently: the sequential loop. */
  public boolean isSequential() {
    return computeWorkerKind == ComputeWorkerKind.CW_NONE && numReadWorkers == 0;
  }

  @Override
  public String toString() {
    if (auto) {
      return "ConcurrencyStyle(auto)";
    }
    return "ConcurrencyStyle(numReadWorkers=" + numReadWorkers + ", numComputeWorkers=" + numComputeWorkers
        + ", computeWorkerKind=" + computeWorkerKind + ", computeWorkersRead=" + computeWorkersRead
        + ", singleBlockComputeWorkers=" + singleBlockComputeWorkers + ", haveSharedTemp=" + haveSharedTemp
        + ", readBufferInsertTimeout=" + readBufferInsertTimeout + ", readBufferPopTimeout=" + readBufferPopTimeout
        + ", computeBufferInsertTimeout=" + computeBufferInsertTimeout + ", computeBufferPopTimeout="
        + computeBufferPopTimeout + ", computeBarrierTimeout=" + computeBarrierTimeout + ")";
  }

  /** Builder with RIOS's defaults (timeouts 10, 10, 10, 20 and 600 seconds). */
  public static final class Builder {
    private int numReadWorkers = 0;
    private int numComputeWorkers = 0;
    private ComputeWorkerKind computeWorkerKind = ComputeWorkerKind.CW_NONE;
    private Boolean computeWorkersRead = null;
    private boolean singleBlockComputeWorkers = false;
    private boolean haveSharedTemp = true;
    private Integer readBufferInsertTimeout = 10;
    private Integer readBufferPopTimeout = 10;
    private Integer computeBufferInsertTimeout = 10;
    private Integer computeBufferPopTimeout = 20;
    private Integer computeBarrierTimeout = 600;
    private final Map<String, String> computeWorkerExtraParams = new LinkedHashMap<>();
    private boolean auto;

    private Builder() {}

    public Builder numReadWorkers(int n) { numReadWorkers = n; return this; }
    public Builder numComputeWorkers(int n) { numComputeWorkers = n; return this; }
    public Builder computeWorkerKind(ComputeWorkerKind k) { computeWorkerKind = k; return this; }
    public Builder computeWorkersRead(Boolean b) { computeWorkersRead = b; return this; }
    public Builder singleBlockComputeWorkers(boolean b) { singleBlockComputeWorkers = b; return this; }
    /**
     * Whether batch jobs (CW_SLURM, CW_PBS) share the run's temp directory, where the channel address is then
     * passed in a file only the user can read; false puts it on the jobs' command lines. CW_SUBPROC workers
     * always use the file: they run on this machine.
     */
    public Builder haveSharedTemp(boolean b) { haveSharedTemp = b; return this; }
    public Builder readBufferInsertTimeout(Integer s) { readBufferInsertTimeout = s; return this; }
    public Builder readBufferPopTimeout(Integer s) { readBufferPopTimeout = s; return this; }
    public Builder computeBufferInsertTimeout(Integer s) { computeBufferInsertTimeout = s; return this; }
    public Builder computeBufferPopTimeout(Integer s) { computeBufferPopTimeout = s; return this; }
    public Builder computeBarrierTimeout(Integer s) { computeBarrierTimeout = s; return this; }
    public Builder computeWorkerExtraParams(Map<String, String> p) {
      computeWorkerExtraParams.clear();
      if (p != null) {
        computeWorkerExtraParams.putAll(p);
      }
      return this;
    }

    /** Validates and builds; see the class comment. */
    public ConcurrencyStyle build() {
      if (computeWorkerKind == null) {
        throw new ParameterException("computeWorkerKind must not be null");
      }
      for (Map.Entry<String, String> e : computeWorkerExtraParams.entrySet()) {
        // each value goes on one line of a batch script: a second line would run as a shell command
        if (e.getKey() == null || e.getValue() == null || e.getValue().contains("\n")
            || e.getValue().contains("\r")) {
          throw new ParameterException("computeWorkerExtraParams: '" + e.getKey() + "' must have a value on one "
              + "line, got " + (e.getValue() == null ? "null" : "'" + e.getValue().replace("\n", "\\n") + "'"));
        }
      }
      if (numReadWorkers < 0 || numComputeWorkers < 0) {
        throw new ParameterException("numReadWorkers and numComputeWorkers must be >= 0 (got "
            + numReadWorkers + ", " + numComputeWorkers + ")");
      }
      boolean readTrue = Boolean.TRUE.equals(computeWorkersRead);
      if (singleBlockComputeWorkers && numComputeWorkers > 0) {
        throw new ParameterException("singleBlockComputeWorkers: numComputeWorkers must be 0 "
            + "(one worker per block is implied)");
      }
      if (singleBlockComputeWorkers && numReadWorkers > 0) {
        throw new ParameterException("singleBlockComputeWorkers: numReadWorkers must be 0");
      }
      if (readTrue && computeWorkerKind == ComputeWorkerKind.CW_THREADS) {
        throw new ParameterException("computeWorkersRead=true is not possible with CW_THREADS "
            + "(threads share the read workers)");
      }
      if (singleBlockComputeWorkers && computeWorkerKind == ComputeWorkerKind.CW_THREADS) {
        throw new ParameterException("singleBlockComputeWorkers is not possible with CW_THREADS");
      }
      if (numComputeWorkers > 0 && computeWorkerKind == ComputeWorkerKind.CW_NONE) {
        throw new ParameterException("numComputeWorkers > 0 needs a computeWorkerKind other than CW_NONE");
      }
      if (numComputeWorkers == 0 && computeWorkerKind != ComputeWorkerKind.CW_NONE && !singleBlockComputeWorkers) {
        throw new ParameterException("computeWorkerKind " + computeWorkerKind + " needs numComputeWorkers > 0");
      }
      if (numComputeWorkers > 0 && Boolean.FALSE.equals(computeWorkersRead) && numReadWorkers == 0) {
        throw new ParameterException("computeWorkersRead=false needs numReadWorkers > 0 "
            + "(someone must read the blocks)");
      }
      if (singleBlockComputeWorkers && computeWorkerKind != ComputeWorkerKind.CW_PBS
          && computeWorkerKind != ComputeWorkerKind.CW_SLURM && computeWorkerKind != ComputeWorkerKind.CW_AWSBATCH) {
        // Beyond RIOS: one worker per block only makes sense as one batch job per block.
        throw new ParameterException("singleBlockComputeWorkers is only for the batch kinds CW_PBS and CW_SLURM, "
            + "not " + computeWorkerKind);
      }
      if (computeWorkerKind == ComputeWorkerKind.CW_AWSBATCH && singleBlockComputeWorkers) {
        throw new ParameterException("singleBlockComputeWorkers is not possible with CW_AWSBATCH");
      }
      if (computeWorkerKind == ComputeWorkerKind.CW_THREADS
          && numComputeWorkers > Runtime.getRuntime().availableProcessors()) {
        throw new ParameterException("CW_THREADS: numComputeWorkers (" + numComputeWorkers
            + ") exceeds the number of CPUs (" + Runtime.getRuntime().availableProcessors() + ")");
      }
      // Beyond RIOS: its rules let these through and the run then dead-locks or times out.
      boolean workersRead = computeWorkersRead != null ? computeWorkersRead : computeWorkerKind.readsByDefault();
      if (numComputeWorkers > 0 && !workersRead && numReadWorkers == 0
          && computeWorkerKind != ComputeWorkerKind.CW_BEAM) {
        // CW_THREADS shares the read workers and cannot read for itself: only the others may be told to
        throw new ParameterException("compute workers of kind " + computeWorkerKind
            + " do not read their own blocks: set numReadWorkers > 0"
            + (computeWorkerKind == ComputeWorkerKind.CW_THREADS ? "" : " (or computeWorkersRead=true)"));
      }
      checkTimeout("readBufferInsertTimeout", readBufferInsertTimeout);
      checkTimeout("readBufferPopTimeout", readBufferPopTimeout);
      checkTimeout("computeBufferInsertTimeout", computeBufferInsertTimeout);
      checkTimeout("computeBufferPopTimeout", computeBufferPopTimeout);
      checkTimeout("computeBarrierTimeout", computeBarrierTimeout);
      return new ConcurrencyStyle(this);
    }

    private static void checkTimeout(String name, Integer v) {
      if (v != null && v < 0) {
        throw new ParameterException(name + " must be >= 0 seconds or null (wait forever), got " + v);
      }
    }
  }
}
