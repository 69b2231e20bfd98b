package dev.strangler.gateway.shadow;

import dev.strangler.shadow.DiffReportView;
import dev.strangler.shadow.FieldView;
import dev.strangler.shadow.SampleView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds up the diff reports of several replicas into one: counts summed, rates taken over the sum,
 * each field's rows joined by path, kind and severity with the newest samples of all. A field is
 * noise in the merged report when every replica that saw it judged it noise.
 */
final class MergedDiffReports {

  /** Field rows a replica publishes for the others: the most frequent. */
  static final int PUBLISHED_FIELDS = 100;

  /** Samples per field a replica publishes for the others: the newest. */
  static final int PUBLISHED_SAMPLES = 2;

  private static final Comparator<FieldView> MOST_FREQUENT_FIRST =
      Comparator.comparingLong(FieldView::count)
          .reversed()
          .thenComparing(FieldView::path)
          .thenComparing(FieldView::kind)
          .thenComparing(FieldView::severity);

  private MergedDiffReports() {}

  /**
   * Returns the part of it published for the other replicas.
   *
   * @param view a replica's report
   * @return the part of it published for the other replicas: the most frequent fields, the newest
   *     samples
   */
  static DiffReportView published(DiffReportView view) {
    List<FieldView> fields =
        view.fields().stream()
            .sorted(MOST_FREQUENT_FIRST)
            .limit(PUBLISHED_FIELDS)
            .map(
                field ->
                    new FieldView(
                        field.path(),
                        field.kind(),
                        field.severity(),
                        field.count(),
                        field.rate(),
                        field.noise(),
                        field.samples().stream().limit(PUBLISHED_SAMPLES).toList()))
            .toList();
    return new DiffReportView(
        view.route(),
        view.compared(),
        view.differing(),
        view.noise(),
        view.diffRate(),
        view.evictedFields(),
        fields);
  }

  /**
   * Returns the report of all of them.
   *
   * @param route the route
   * @param views the reports of the replicas that have one, at least one
   * @param maxFields the most field rows kept
   * @param maxSamples the most samples kept per field
   * @return the report of all of them
   */
  static DiffReportView merge(
      String route, List<DiffReportView> views, int maxFields, int maxSamples) {
    if (views.size() == 1) {
      return views.get(0);
    }
    long compared = 0;
    long differing = 0;
    long noise = 0;
    long evictedFields = 0;
    Map<List<String>, List<FieldView>> rows = new LinkedHashMap<>();
    for (DiffReportView view : views) {
      compared += view.compared();
      differing += view.differing();
      noise += view.noise();
      evictedFields += view.evictedFields();
      for (FieldView field : view.fields()) {
        rows.computeIfAbsent(
                List.of(field.path(), field.kind(), field.severity()), key -> new ArrayList<>())
            .add(field);
      }
    }
    List<FieldView> fields = new ArrayList<>();
    for (List<FieldView> same : rows.values()) {
      long count = same.stream().mapToLong(FieldView::count).sum();
      List<SampleView> samples =
          same.stream()
              .flatMap(field -> field.samples().stream())
              .sorted(Comparator.comparing(SampleView::at).reversed())
              .limit(maxSamples)
              .toList();
      FieldView first = same.get(0);
      fields.add(
          new FieldView(
              first.path(),
              first.kind(),
              first.severity(),
              count,
              compared == 0 ? 0 : (double) count / compared,
              same.stream().allMatch(FieldView::noise),
              samples));
    }
    fields.sort(MOST_FREQUENT_FIRST);
    return new DiffReportView(
        route,
        compared,
        differing,
        noise,
        compared == 0 ? 0 : (double) differing / compared,
        evictedFields,
        fields.size() > maxFields ? fields.subList(0, maxFields) : fields);
  }
}
