package org.rios.engine;

import org.rios.array.RasterArray;
import org.rios.errors.ProcessCancelledException;
import org.rios.errors.UserFunctionException;
import org.rios.io.BlockReader;
import org.rios.io.BlockWriter;
import org.rios.plan.BlockDefn;
import org.rios.plan.InputSpec;
import org.rios.plan.OutputSpec;
import org.rios.plan.WorkingPlan;
import org.rios.timing.Timers;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.BlockAssociations;
import org.rios.applier.UserFunctionWithArgs;

/**
 * The three stages of the flow for one block, shared by every driver: read (all inputs of a block), compute
 * (the user function), write (all outputs). Drivers only decide which thread runs which stage when.
 */
public final class BlockStages {
  private final WorkingPlan plan;
  private final FilenameAssociations infiles;
  private final FilenameAssociations outfiles;

  public BlockStages(WorkingPlan plan, FilenameAssociations infiles, FilenameAssociations outfiles) {
    this.plan = plan;
    this.infiles = infiles;
    this.outfiles = outfiles;
  }

  public WorkingPlan plan() {
    return plan;
  }

  /** The input files, in the shape the user function's input associations take. */
  public FilenameAssociations infiles() {
    return infiles;
  }

  /** The output files, in the shape the user function's output associations take. */
  public FilenameAssociations outfiles() {
    return outfiles;
  }

  /** Read: every input of {@code block}, timed as "reading". */
  public BlockAssociations read(BlockReader reader, BlockDefn block, Timers timers) {
    BlockAssociations inputs = BlockAssociations.shapedLike(infiles);
    try (Timers.Interval t = timers.interval("reading")) {
      for (InputSpec spec : plan.inputs()) {
        inputs.set(spec.name(), spec.seq(), reader.read(spec, block));
      }
    }
    return inputs;
  }

  /** Compute: the user function on one complete block, timed as "userfunction". */
  public <A> BlockAssociations compute(UserFunctionWithArgs<A> fn, BlockDefn block, BlockAssociations inputs,
      A otherArgs, Timers timers) {
    BlockAssociations outputs = new BlockAssociations();
    ReaderInfo info = new ReaderInfo(plan, block, inputs);
    try (Timers.Interval t = timers.interval("userfunction")) {
      fn.apply(info, inputs, outputs, otherArgs);
    } catch (ProcessCancelledException | OutOfMemoryError | InternalError | UnknownError e) {
      throw e; // the run cancelled, out of memory, or the JVM's own failure: not this block's
    } catch (Exception | Error e) {
      // an AssertionError, a class the function cannot load, a recursion too deep (StackOverflowError, whose
      // stack is unwound by now) or a library error met by the function's own calls (a RiosException: an image
      // name it does not have, an array of the wrong shape) is the function's failure, named by its block
      throw new UserFunctionException("User function failed on block " + block.index() + " (row " + block.top()
          + ", col " + block.left() + "): " + org.rios.errors.ErrorText.describe(e), e);
    }
    return outputs;
  }

  /** Write: every output of {@code block} through the single writer. */
  public void write(BlockWriter writer, BlockDefn block, BlockAssociations outputs) {
    writer.write(block, spec -> outputArray(outputs, spec));
  }

  /**
   * The user function's array for one output file, or null if it set none.
   *
   * @throws org.rios.errors.ParameterException if a list output was set with put instead of putList
   */
  public RasterArray outputArray(BlockAssociations outputs, OutputSpec spec) {
    RasterArray a = outputs.find(spec.name(), spec.seq());
    if (a == null && spec.seq() != null && outputs.contains(spec.name()) && !outputs.isList(spec.name())) {
      throw new org.rios.errors.ParameterException("Output '" + spec.name() + "' is a list of "
          + outfiles.getList(spec.name()).size() + " files: set it with putList");
    }
    if (a == null && spec.seq() == null && outputs.isList(spec.name())) {
      throw new org.rios.errors.ParameterException("Output '" + spec.name() + "' is one file (" + spec.filename()
          + "): set it with put(name, array), not putList or put(name, index, array)");
    }
    if (a == null && !outputs.contains(spec.name())) {
      // RIOS ignores names that are not outputs; when an output is missing, one of them is usually its typo
      java.util.List<String> strays = outputs.names().stream().filter(n -> !outfiles.contains(n)).sorted().toList();
      if (!strays.isEmpty()) {
        throw new org.rios.errors.ParameterException("The user function did not set output '" + spec.label()
            + "' (" + spec.filename() + ") but set " + strays + ", which " + (strays.size() == 1
            ? "is not an output name" : "are not output names") + " (the outputs are "
            + new java.util.TreeSet<>(outfiles.names()) + ")");
      }
    }
    return a;
  }
}
