package org.rios.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rios.applier.ApplierControls;
import org.rios.applier.FilenameAssociations;
import org.rios.applier.OtherInputs;
import org.rios.array.DataType;
import org.rios.array.RasterArray;
import org.rios.plan.BlockDefn;
import org.rios.plan.WorkingPlan;
import org.rios.plan.WorkingPlanBuilder;
import org.rios.progress.SilentProgress;
import org.rios.testutil.TestRasters;

/** The coders of what travels between RiosIO's steps: exact round trips, compact arrays, corrupt input refused. */
class CodersTest {
  @TempDir File tmp;

  private OutputTarget target() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    WorkingPlan plan = WorkingPlanBuilder.build(new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "out.tif").getPath()),
        new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100));
    return new OutputTarget("run1", "job7", plan.forOutput(plan.outputs().get(0)), plan.numBlocks(), 1,
        false);
  }

  /**
   * A planned job, whose plan holds the user's hooks and defines no value equality, equals its own copy by
   * encoding: Beam's SerializableCoder compared them with equals, and the DirectRunner's immutability check
   * logged a warning with a dump of the whole plan for every element.
   */
  @Test
  void plannedJobsEqualTheirCopiesByEncoding() throws Exception {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    FilenameAssociations ins = new FilenameAssociations().put("img", in);
    FilenameAssociations outs = new FilenameAssociations().put("out", new File(tmp, "out.tif").getPath());
    ApplierControls c = new ApplierControls().setProgress(new SilentProgress()).setWindowSize(100, 100);
    PlannedJob job = new PlannedJob(RasterJob.of("j", ins, outs).withControls(c), WorkingPlanBuilder.build(ins, outs, c));
    PlannedJob copy = CoderUtils.clone(RiosIO.PLANNED_CODER.getValueCoder(), job);
    assertThat(job.equals(copy), is(false)); // no value equality: what SerializableCoder went by
    assertThat(RiosIO.PLANNED_CODER.getValueCoder().structuralValue(job),
        is(RiosIO.PLANNED_CODER.getValueCoder().structuralValue(copy)));
  }

  /**
   * No collection of a RiosIO pipeline carries the library's own elements in Beam's SerializableCoder, which
   * goes by equals (a collection whose coder Beam inferred, after Wait.on, did: the DirectRunner's
   * immutability check logged a dump of every plan).
   */
  @Test
  void everyCollectionOfTheLibrarysElementsComparesThemByEncoding() {
    String in = TestRasters.rampFile(new File(tmp, "in.img"));
    org.apache.beam.sdk.Pipeline p = org.apache.beam.sdk.Pipeline.create(
        RiosOptions.fromArgs("--runner=DirectRunner"));
    p.apply(org.apache.beam.sdk.transforms.Create.of(RasterJob.of("j", new FilenameAssociations().put("img", in),
        new FilenameAssociations().put("out", new File(tmp, "out.img").getPath())))
        .withCoder(ByEncodingCoder.forType(RasterJob.class)))
        .apply(RiosIO.process((info, inputs, outputs) -> outputs.put("out", inputs.get("img"))).withFailedJobs());
    List<String> byEquals = new java.util.ArrayList<>();
    p.traverseTopologically(new org.apache.beam.sdk.Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitValue(org.apache.beam.sdk.values.PValue value,
          org.apache.beam.sdk.runners.TransformHierarchy.Node producer) {
        if (value instanceof org.apache.beam.sdk.values.PCollection<?> c && comparesLibraryElementsByEquals(c.getCoder())) {
          byEquals.add(c.getName() + ": " + c.getCoder());
        }
      }
    });
    assertThat(byEquals, empty());
  }

  private static boolean comparesLibraryElementsByEquals(Coder<?> coder) {
    if (coder instanceof org.apache.beam.sdk.coders.SerializableCoder<?> s && !(coder instanceof ByEncodingCoder)) {
      return s.getRecordType().getName().startsWith("org.rios.");
    }
    for (Coder<?> component : coder.getCoderArguments()) {
      if (comparesLibraryElementsByEquals(component)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void writerStateNamesItsOutputInAFewBytes() throws Exception {
    TargetName name = TargetName.of(target());
    assertThat(name.jobId(), is("job7"));
    assertThat(name.label(), is("out"));
    assertThat(name.filename(), is(new File(tmp, "out.tif").getPath()));
    assertThat(name.numBlocks(), is(25));
    byte[] bytes = CoderUtils.encodeToByteArray(TargetName.CODER, name);
    assertThat(CoderUtils.decodeFromByteArray(TargetName.CODER, bytes), is(name));
    // what a runner copies with the writer's state on every bundle: the names, not a serialized plan
    assertThat(bytes.length < 16 + name.filename().length(), is(true));
    assertThat(CoderUtils.clone(TargetName.CODER, new TargetName("j", "o", "/ü/ß.tif", 0)),
        is(new TargetName("j", "o", "/ü/ß.tif", 0)));
  }

  @Test
  void outputChunksRoundTripBlocksArraysAndTarget() throws Exception {
    OutputTarget t = target();
    RasterArray f = RasterArray.create(DataType.FLOAT32, 2, 3, 4);
    for (int i = 0; i < f.size(); i++) {
      f.setDoubleAt(i, i * 0.5 - 3);
    }
    f.setDoubleAt(5, Float.NaN);
    RasterArray u = RasterArray.create(DataType.UINT16, 2, 3, 4).fill(65535);
    OutputChunk chunk = new OutputChunk(t, List.of(new BlockDefn(3, 0, 300, 3, 4), new BlockDefn(4, 100, 300, 3, 4)),
        List.of(f, u));
    byte[] bytes = CoderUtils.encodeToByteArray(OutputChunkCoder.of(), chunk);
    OutputChunk back = CoderUtils.decodeFromByteArray(OutputChunkCoder.of(), bytes);
    assertThat(back.target().key(), is("run1/job7/out"));
    assertThat(back.target().numBlocks(), is(25));
    assertThat(back.blocks(), is(chunk.blocks()));
    assertThat(back.arrays().get(0).contentEquals(f), is(true));
    assertThat(Float.isNaN((float) back.arrays().get(0).getDoubleAt(5)), is(true));
    assertThat(back.arrays().get(1).dataType(), is(DataType.UINT16));
    assertThat(back.arrays().get(1).contentEquals(u), is(true));
    assertThat(back.isJobFailure(), is(false));
    // the same chunk gives the same bytes; the arrays cost their pixels, not Java serialization
    assertThat(Arrays.equals(bytes, CoderUtils.encodeToByteArray(OutputChunkCoder.of(), chunk)), is(true));
    byte[] failure = CoderUtils.encodeToByteArray(OutputChunkCoder.of(), OutputChunk.jobFailed(t));
    assertThat(bytes.length - failure.length < 24 * 4 + 24 * 2 + 200, is(true));
    assertThat(CoderUtils.decodeFromByteArray(OutputChunkCoder.of(), failure).isJobFailure(), is(true));
  }

  @Test
  void wordOfBlocksWrittenInProcessRoundTripsWithoutArraysAndNamesItsJvm() throws Exception {
    OutputTarget t = target();
    List<BlockDefn> blocks = List.of(new BlockDefn(3, 0, 300, 100, 100), new BlockDefn(4, 100, 300, 100, 100));
    OutputChunk word = OutputChunk.writtenHere(t, blocks);
    byte[] bytes = CoderUtils.encodeToByteArray(OutputChunkCoder.of(), word);
    OutputChunk back = CoderUtils.decodeFromByteArray(OutputChunkCoder.of(), bytes);
    assertThat(back.isWritten(), is(true));
    assertThat(back.isJobFailure(), is(false));
    assertThat(back.writtenIn(), is(OutputWriters.JVM));
    assertThat(back.blocks(), is(blocks));
    assertThat(back.arrays(), empty());
    byte[] failure = CoderUtils.encodeToByteArray(OutputChunkCoder.of(), OutputChunk.jobFailed(t));
    assertThat("no pixels travel", bytes.length - failure.length < 2 * 24 + OutputWriters.JVM.length() + 8, is(true));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OutputChunk(t, blocks, List.of(RasterArray.filled(DataType.UINT8, 1, 100, 100, 0),
            RasterArray.filled(DataType.UINT8, 1, 100, 100, 0)), "some-jvm"));
    assertThat(e.getMessage(), containsString("written in some-jvm"));
  }

  @Test
  void aChunkNeedsOneArrayPerBlock() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OutputChunk(target(),
        List.of(new BlockDefn(0, 0, 0, 3, 4)), List.of()));
    assertThat(e.getMessage(), containsString("1 blocks but 0 arrays"));
  }

  @Test
  void corruptChunksAreRefusedWithACoderException() throws Exception {
    byte[] bytes = CoderUtils.encodeToByteArray(OutputChunkCoder.of(), OutputChunk.jobFailed(target()));
    byte[] badCount = bytes.clone();
    badCount[badCount.length - 1] = (byte) 0xff;
    badCount[badCount.length - 4] = (byte) 0x7f;
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(OutputChunkCoder.of(), badCount));
    byte[] badTarget = {(byte) 0x7f, 0, 0, 0};
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(OutputChunkCoder.of(), badTarget));
  }

  @Test
  void otherArgsRoundTrip() throws Exception {
    OtherArgsCoder<OtherInputs> c = OtherArgsCoder.of();
    OtherInputs back = CoderUtils.decodeFromByteArray(c, CoderUtils.encodeToByteArray(c,
        new OtherInputs().put("sum", 2.5)));
    assertThat(back.getDouble("sum"), is(2.5));
    assertThrows(Coder.NonDeterministicException.class, c::verifyDeterministic);
  }
}
