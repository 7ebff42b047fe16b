package org.rios.ratapplier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gdal.gdal.Dataset;
import org.rios.errors.ParameterException;
import org.rios.gdal.VirtualPaths;
import org.rios.rat.RatBands;

/**
 * The files and tables of one {@link RatApplier} run. Outputs are opened first, in update mode, so that a
 * file that is both input and output is opened once, writable; every handle on the same file (any layer)
 * shares one dataset, and every handle on the same file and layer shares one {@link OpenRat}.
 */
final class RatFiles implements AutoCloseable {
  private final Map<String, Dataset> datasets = new LinkedHashMap<>();
  private final Map<String, OpenRat> tables = new LinkedHashMap<>();
  private final Map<String, OpenRat> inputs = new LinkedHashMap<>();
  private final Map<String, OpenRat> outputs = new LinkedHashMap<>();
  /** The output that writes each table (file and layer). */
  private final Map<String, String> writers = new LinkedHashMap<>();

  RatFiles(RatAssociations inRats, RatAssociations outRats) {
    try {
      for (String name : outRats.names()) {
        outputs.put(name, open(name, outRats.get(name), true));
      }
      for (String name : inRats.names()) {
        inputs.put(name, open(name, inRats.get(name), false));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private OpenRat open(String name, RatHandle h, boolean update) {
    String fileKey = VirtualPaths.sameFileKey(h.getFilename()); // "a.img", "./a.img": one dataset
    Dataset ds = datasets.get(fileKey);
    if (ds == null) {
      ds = RatBands.open(h.getFilename(), update);
      datasets.put(fileKey, ds);
    }
    String tableKey = fileKey + "\u0000" + h.getLayerNum();
    if (update) {
      // each output writer keeps its own row offset and cuts the table back to its rows at the end: two on one
      // table would write over each other's rows and cut them off
      String other = writers.putIfAbsent(tableKey, name);
      if (other != null) {
        throw new ParameterException("Outputs '" + other + "' and '" + name + "' both name layer " + h.getLayerNum()
            + " of " + h.getFilename() + ": a table is written through one output; set all its columns on that one");
      }
    }
    OpenRat rat = tables.get(tableKey);
    if (rat == null) {
      rat = OpenRat.of(name, h, RatBands.band(ds, h.getLayerNum(), h.getFilename()), update);
      tables.put(tableKey, rat);
    }
    return rat;
  }

  Map<String, OpenRat> inputs() {
    return inputs;
  }

  Map<String, OpenRat> outputs() {
    return outputs;
  }

  /** A table handed to its band, as it should read back once the file is closed. */
  private record Committed(RatHandle handle, int rows, int columns) {}

  private final List<Committed> committed = new ArrayList<>();

  /** Hands every modified private table to its band (GDAL copies it), so it reaches the file on close. */
  void commit() {
    for (OpenRat rat : tables.values()) {
      if (rat.owned && rat.modified) {
        rat.band.SetDefaultRAT(rat.table);
        committed.add(new Committed(rat.handle, rat.table.GetRowCount(), rat.table.GetColumnCount()));
      }
    }
  }

  /**
   * After {@link #close()}: every committed table reads back from its file. GDAL keeps the table of some
   * formats (GTiff) in an .aux.xml beside the file, and a failure to write that (a directory that is not
   * writable) is only a warning: the run would end as if the table had been saved.
   *
   * @throws org.rios.errors.OutputWriteException naming the file and band whose table did not reach the file
   */
  void verifyCommitted() {
    for (Committed c : committed) {
      RatBands.verifySaved(c.handle().getFilename(), c.handle().getLayerNum(), c.rows(), c.columns());
    }
  }

  /** Frees private tables and closes every dataset; safe to call twice. */
  @Override
  public void close() {
    for (OpenRat rat : tables.values()) {
      if (rat.owned) {
        rat.table.delete();
      }
    }
    tables.clear();
    List<RuntimeException> errors = new ArrayList<>();
    for (Dataset ds : datasets.values()) {
      try {
        RatBands.close(ds);
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }
    datasets.clear();
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }
}
