package org.rios.plan;

import java.io.Serializable;
import java.util.Locale;

/**
 * The features of a vector input to burn, from {@code ApplierControls.setFilterSQL}.
 *
 * <p>RIOS documents {@code filtersql} as a WHERE clause but hands it to GDAL as a complete SQL statement,
 * so a WHERE clause fails there. Both readings are useful, and a statement is easy to recognise: a string
 * that starts with {@code SELECT} is run as a full OGR SQL statement (its result set is burned and the
 * chosen layer is ignored); anything else is an attribute filter applied to the chosen layer, with an
 * optional leading {@code WHERE} keyword.
 *
 * <pre>{@code
 * VectorFilter.parse("landuse = 'forest'");                        // where clause on the chosen layer
 * VectorFilter.parse("WHERE area > 1000");                         // the same, keyword stripped
 * VectorFilter.parse("SELECT * FROM parcels WHERE zone = 3");      // full statement
 * }</pre>
 *
 * @param sql a full SQL statement, or null
 * @param where an attribute filter, or null
 */
public record VectorFilter(String sql, String where) implements Serializable {
  /** No filter: every feature of the layer is burned. */
  public static final VectorFilter NONE = new VectorFilter(null, null);

  /** Classifies a {@code filtersql} setting; null or blank means no filter. */
  public static VectorFilter parse(String filterSql) {
    if (filterSql == null || filterSql.isBlank()) {
      return NONE;
    }
    String s = filterSql.strip();
    if (startsWithWord(s, "SELECT")) {
      return new VectorFilter(s, null);
    }
    if (startsWithWord(s, "WHERE")) {
      s = s.substring("WHERE".length()).strip();
    }
    return new VectorFilter(null, s);
  }

  private static boolean startsWithWord(String s, String word) {
    return s.length() > word.length() && s.substring(0, word.length()).toUpperCase(Locale.ROOT).equals(word)
        && Character.isWhitespace(s.charAt(word.length()));
  }
}
