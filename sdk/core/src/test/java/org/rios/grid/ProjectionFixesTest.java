package org.rios.grid;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

class ProjectionFixesTest {
  private static final String IMAGINE = "TOWGS84[-16.237,3.51,9.939,1.4157e-06,2.1477e-06,1.3429e-06,1.91e-07]";
  private static final String ZERO = "TOWGS84[0,0,0,0,0,0,0]";

  private static String geogcs(String name, String datum, String towgs84) {
    return "GEOGCS[\"" + name + "\",DATUM[\"" + datum + "\",SPHEROID[\"GRS 1980\",6378137,298.257222101],"
        + towgs84 + "],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";
  }

  @Test
  void zeroesImaginesShiftForGda94() {
    assertThat(ProjectionFixes.specialProjFixes(geogcs("GDA94", "GDA94", IMAGINE)),
        is(geogcs("GDA94", "GDA94", ZERO)));
    assertThat(ProjectionFixes.specialProjFixes(geogcs("x", "Geocentric_Datum_of_Australia_1994", IMAGINE)),
        is(geogcs("x", "Geocentric_Datum_of_Australia_1994", ZERO)));
  }

  @Test
  void recognisesTheShiftHoweverTheNumbersAreWritten() {
    String other = "TOWGS84[-16.2370, 3.51, 9.939, 1.4157E-6, 2.1477E-06, 1.3429e-6, 1.91E-07]";
    assertThat(ProjectionFixes.specialProjFixes(geogcs("GDA94", "GDA94", other)),
        is(geogcs("GDA94", "GDA94", ZERO)));
  }

  @Test
  void leavesOtherDatumsAndOtherShiftsAlone() {
    String agd = geogcs("AGD66", "Australian_Geodetic_Datum_1966", IMAGINE);
    assertThat(ProjectionFixes.specialProjFixes(agd), is(agd));
    String otherShift = geogcs("GDA94", "GDA94", "TOWGS84[1,2,3,0,0,0,0]");
    assertThat(ProjectionFixes.specialProjFixes(otherShift), is(otherShift));
  }

  @Test
  void alwaysRenamesGda94Icsm() {
    assertThat(ProjectionFixes.specialProjFixes(geogcs("GDA94-ICSM", "GDA94-ICSM", IMAGINE)),
        is(geogcs("GDA94", "GDA94", ZERO)));
    assertThat(ProjectionFixes.specialProjFixes("LOCAL_CS[\"GDA94-ICSM\"]"), is("LOCAL_CS[\"GDA94\"]"));
    assertThat(ProjectionFixes.specialProjFixes(""), is(""));
    assertThat(ProjectionFixes.specialProjFixes(null), is(nullValue()));
  }
}
