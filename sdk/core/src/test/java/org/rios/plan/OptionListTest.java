package org.rios.plan;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gdal.gdal.Driver;
import org.gdal.gdal.gdal;
import org.junit.jupiter.api.Test;
import org.rios.gdal.GdalRuntime;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The creation-option lists read without an XML parser give what an XML parser gives, for every GDAL driver. */
class OptionListTest {
  /** The same reading with the JDK's DOM parser: the oracle. */
  private static Map<String, Set<String>> withDom(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Map<String, Set<String>> out = new HashMap<>();
    NodeList opts = doc.getElementsByTagName("Option");
    for (int i = 0; i < opts.getLength(); i++) {
      Element e = (Element) opts.item(i);
      Set<String> values = new HashSet<>();
      if ("string-select".equals(e.getAttribute("type"))) {
        NodeList vs = e.getElementsByTagName("Value");
        for (int j = 0; j < vs.getLength(); j++) {
          Element v = (Element) vs.item(j);
          values.add(v.getTextContent().trim().toUpperCase(Locale.ROOT));
          if (v.hasAttribute("alias")) {
            values.add(v.getAttribute("alias").trim().toUpperCase(Locale.ROOT));
          }
        }
      }
      String names = e.getAttribute("name") + (e.hasAttribute("alias") ? "," + e.getAttribute("alias") : "");
      for (String n : names.split(",")) {
        out.put(n.trim().toUpperCase(Locale.ROOT), values);
      }
    }
    return out;
  }

  @Test
  void everyDriversListReadsAsWithAnXmlParser() throws Exception {
    GdalRuntime.ensureLoaded();
    int compared = 0;
    for (int i = 0; i < gdal.GetDriverCount(); i++) {
      Driver d = gdal.GetDriver(i);
      String xml = d.GetMetadataItem("DMD_CREATIONOPTIONLIST");
      if (xml == null || xml.isBlank()) {
        continue;
      }
      assertThat(d.getShortName(), OutputDrivers.parseOptionList(xml), is(withDom(xml)));
      compared++;
    }
    assertThat(compared, greaterThan(20));
    Map<String, Set<String>> gtiff = OutputDrivers.parseOptionList(
        gdal.GetDriverByName("GTiff").GetMetadataItem("DMD_CREATIONOPTIONLIST"));
    assertThat(gtiff.get("COMPRESS"), hasItems("DEFLATE", "LZW", "NONE"));
    assertThat(gtiff.get("NUM_THREADS").isEmpty(), is(true));
  }

  @Test
  void quotesEntitiesAndSelfClosingOptions() {
    String xml = "<CreationOptionList><Option name=\"A\" type='string-select' description='x &gt; 1'>"
        + "<Value alias='yes'>ON</Value><Value>R&amp;D</Value></Option><Option name='B,B2' type='int'/>"
        + "</CreationOptionList>";
    Map<String, Set<String>> m = OutputDrivers.parseOptionList(xml);
    assertThat(m.get("A"), is(Set.of("ON", "YES", "R&D")));
    assertThat(m.get("B").isEmpty(), is(true));
    assertThat(m.containsKey("B2"), is(true));
    assertThat(OutputDrivers.parseOptionList(" ") == null, is(true));
  }
}
