package dev.uptally.collector.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void markupAndBothQuotesAreEscapedAndOtherTextKept() {
    assertThat(Html.escape("<a href=\"x\" title='y'>Tom & Jerry</a> é"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt; é");
  }

  @Test
  void nullIsEmpty() {
    assertThat(Html.escape(null)).isEmpty();
  }
}
