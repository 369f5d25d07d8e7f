package dev.cql.scorecard;

import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The JUnit XML report, for CI systems: one {@code <testsuite>} per entity (named {@code SCORECARD.ENTITY}), one
 * {@code <testcase>} per rule (classname {@code SCORECARD.ENTITY}, name the rule's identifier), with
 * {@code <failure>} for a failed rule (its failure message), {@code <error>} for an errored rule (its error kind
 * and message) and {@code <skipped>} for a rule that does not apply.
 */
public final class JunitReport {

  private JunitReport() {}

  public static String render(ScorecardResult result) {
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
      Element suites = doc.createElement("testsuites");
      suites.setAttribute("name", result.scorecard().tag());
      doc.appendChild(suites);
      long tests = 0;
      long failures = 0;
      long errors = 0;
      long skipped = 0;
      for (EntityResult e : result.entities()) {
        String classname = result.scorecard().tag() + "." + e.tag();
        Element suite = doc.createElement("testsuite");
        suite.setAttribute("name", classname);
        suite.setAttribute("tests", String.valueOf(e.rules().size()));
        suite.setAttribute("failures", String.valueOf(e.count(Outcome.FAILED)));
        suite.setAttribute("errors", String.valueOf(e.count(Outcome.ERRORED)));
        suite.setAttribute("skipped", String.valueOf(e.count(Outcome.NOT_APPLICABLE)));
        suite.setAttribute("time", "0");
        suite.setAttribute("timestamp", Reports.timestamp(result.now()).replaceAll("Z$", ""));
        Element props = doc.createElement("properties");
        props.appendChild(property(doc, "score", e.score() + "/" + e.total()));
        props.appendChild(property(doc, "percentage", Reports.percent(e.percentage())));
        props.appendChild(property(doc, "level", e.inScope() ? e.levelName() : "not in scope"));
        suite.appendChild(props);
        for (RuleResult r : e.rules()) {
          Element tc = doc.createElement("testcase");
          tc.setAttribute("classname", classname);
          tc.setAttribute("name", r.identifier());
          tc.setAttribute("time", "0");
          String text = r.title() + (r.message() == null ? "" : ": " + r.message());
          switch (r.outcome()) {
            case FAILED -> {
              Element f = doc.createElement("failure");
              f.setAttribute("message", r.message() == null ? "the rule failed" : clean(r.message()));
              f.setAttribute("type", "failed");
              f.setTextContent(clean(text));
              tc.appendChild(f);
            }
            case ERRORED -> {
              Element f = doc.createElement("error");
              f.setAttribute("message", r.message() == null ? "the rule errored" : clean(r.message()));
              f.setAttribute("type", r.errorKind() == null ? "error" : r.errorKind());
              f.setTextContent(clean(text));
              tc.appendChild(f);
            }
            case NOT_APPLICABLE -> {
              Element f = doc.createElement("skipped");
              if (r.message() != null) {
                f.setAttribute("message", clean(r.message()));
              }
              tc.appendChild(f);
            }
            case PASSED -> { }
          }
          suite.appendChild(tc);
        }
        tests += e.rules().size();
        failures += e.count(Outcome.FAILED);
        errors += e.count(Outcome.ERRORED);
        skipped += e.count(Outcome.NOT_APPLICABLE);
        suites.appendChild(suite);
      }
      suites.setAttribute("tests", String.valueOf(tests));
      suites.setAttribute("failures", String.valueOf(failures));
      suites.setAttribute("errors", String.valueOf(errors));
      suites.setAttribute("skipped", String.valueOf(skipped));
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.INDENT, "yes");
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (ParserConfigurationException | TransformerException e) {
      throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
    }
  }

  /** Drops the characters XML 1.0 cannot carry (control characters other than tab, newline, return). */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000) {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  private static Element property(Document doc, String name, String value) {
    Element p = doc.createElement("property");
    p.setAttribute("name", name);
    p.setAttribute("value", value);
    return p;
  }
}
