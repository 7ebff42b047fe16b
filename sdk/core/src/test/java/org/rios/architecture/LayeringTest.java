package org.rios.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The package stack of rios-core (docs/architecture.md): no package cycles, and each layer only imports
 * the layers below it. rios-beam's own test adds its package on top.
 */
@AnalyzeClasses(packages = "org.rios", importOptions = ImportOption.DoNotIncludeTests.class)
public class LayeringTest {
  /** The layers, bottom first, as package patterns. */
  public static final String[][] LAYERS = {
    {"Leaves", "org.rios.errors..", "org.rios.timing..", "org.rios.progress..", "org.rios.lifecycle.."},
    {"Array", "org.rios.array.."},
    {"GdalRuntime", "org.rios.gdal"},
    {"Grid", "org.rios.grid.."},
    {"Contract", "org.rios.applier", "org.rios.concurrency"},
    {"Plan", "org.rios.plan.."},
    {"StageIo", "org.rios.io..", "org.rios.calcstats..", "org.rios.colortable..", "org.rios.rat..",
        "org.rios.fileinfo.."},
    {"Engine", "org.rios.engine.."},
    {"Drivers", "org.rios.concurrency.internal..", "org.rios.beam.."},
    {"Applications", "org.rios.cli..", "org.rios.ratapplier.."},
  };

  /** Every layer may be used only by the layers above it. */
  public static LayeredArchitecture stack() {
    LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : LAYERS) {
      String[] packages = java.util.Arrays.copyOfRange(layer, 1, layer.length);
      arch = arch.layer(layer[0]).definedBy(packages);
    }
    for (int i = 0; i < LAYERS.length; i++) {
      String[] above = new String[LAYERS.length - 1 - i];
      for (int j = i + 1; j < LAYERS.length; j++) {
        above[j - i - 1] = LAYERS[j][0];
      }
      arch = above.length == 0 ? arch.whereLayer(LAYERS[i][0]).mayNotBeAccessedByAnyLayer()
          : arch.whereLayer(LAYERS[i][0]).mayOnlyBeAccessedByLayers(above);
    }
    return arch;
  }

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("org.rios.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layersOnlyPointDown = stack();
}
