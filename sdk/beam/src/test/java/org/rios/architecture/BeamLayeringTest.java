package org.rios.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * rios-beam on top of rios-core's stack ({@link LayeringTest#stack()}): no package cycles, no upward
 * imports, and no dependency on any Beam runner (a Beam IO connector compiles against the SDK only).
 */
@AnalyzeClasses(packages = "org.rios", importOptions = BeamLayeringTest.MainClassesOnly.class)
class BeamLayeringTest {
  /** rios-core's and rios-beam's main classes: not rios-core's test jar, not this module's tests. */
  static final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }
  }

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("org.rios.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layersOnlyPointDown = LayeringTest.stack();

  @ArchTest
  static final ArchRule noRunner = noClasses().that().resideInAPackage("org.rios.beam..").should()
      .dependOnClassesThat().resideInAPackage("org.apache.beam.runners..");
}
