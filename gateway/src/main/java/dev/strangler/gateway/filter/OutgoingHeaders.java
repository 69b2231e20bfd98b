package dev.strangler.gateway.filter;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.MultiValueMap;

/**
 * The headers of a backend call as {@link StranglerRequestHeadersFilter} builds them, walked
 * without a second look-up per name.
 *
 * <p>Spring's {@link HttpHeaders#forEach} goes through {@link HttpHeaders#headerSet()}, a view that
 * merges names differing only in case, since some backing maps (Netty's) keep them apart. These
 * headers are held in a case-insensitive map, where every name is there once already, so walking
 * the map gives the same names and values in the same order. Spring Cloud Gateway's routing filter
 * walks them once per call to copy them into Netty's request, and the shadow client once per copy.
 */
final class OutgoingHeaders extends HttpHeaders {

  private final MultiValueMap<String, String> entries;

  OutgoingHeaders() {
    this(CollectionUtils.toMultiValueMap(new LinkedCaseInsensitiveMap<>(16, Locale.ROOT)));
  }

  private OutgoingHeaders(MultiValueMap<String, String> entries) {
    super(entries);
    this.entries = entries;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    entries.forEach(action);
  }
}
