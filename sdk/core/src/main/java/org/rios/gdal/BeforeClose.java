package org.rios.gdal;

import java.io.Serializable;
import org.gdal.gdal.Dataset;

/**
 * Called on an output's open dataset after its statistics and histogram are written, just before it is
 * closed: the place to add metadata, a colour table or a RAT.
 *
 * <pre>{@code
 * controls.setCallBeforeClose(ds -> ds.SetMetadataItem("SENSOR", "Landsat 7"), "out");
 * }</pre>
 */
@FunctionalInterface
public interface BeforeClose extends Serializable {
  void beforeClose(Dataset dataset) throws Exception;
}
