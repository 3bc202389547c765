package io.solstice.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.solstice.pipeline.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The module rules of {@code docs/architecture.md}, checked on the compiled main classes of every
 * module below the bench (the bench is on no one's class path, which Maven already guarantees):
 *
 * <ul>
 *   <li>dependencies point down the module table: core knows no other module; the SQL store and
 *       the pipeline know core; Kafka and commerce know core and the pipeline (never which store or
 *       bus runs them); only the app wires everything;
 *   <li>each module exports its API and hides its engine, as Caffeine does: the engine is
 *       package-private, or in an {@code internal} package that only its own module (for commerce:
 *       its own bounded context) may use; the public types of the engine-heavy modules (SQL store,
 *       pipeline) are exactly the listed API, so a new public type is a deliberate API decision;
 *   <li>no bounded context reaches into another's internals: its {@code internal} package, or its
 *       reactions (the classes that build a pipeline {@link Service}), which only the wiring uses.
 * </ul>
 */
@AnalyzeClasses(packages = "io.solstice", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String CORE = "io.solstice.core..";
  private static final String STORE_SQL = "io.solstice.store..";
  private static final String PIPELINE = "io.solstice.pipeline..";
  private static final String KAFKA = "io.solstice.kafka..";
  private static final String COMMERCE = "io.solstice.commerce..";
  private static final String APP = "io.solstice.app..";

  /** The bounded contexts of solstice-commerce, one package each. */
  static final List<String> CONTEXTS = List.of("tenancy", "catalog", "inventory", "cart", "order", "fraud", "payment", "fulfillment",
      "notification", "analytics", "readmodel");

  /** The public types of the SQL store: its API. Everything else there is package-private engine. */
  static final Set<String> STORE_SQL_API = Set.of("SqlEventStore", "SqlStoreConfig", "SqlDialect", "RoutingEventStore", "StatementCounts");

  /** The public types of the pipeline: the service toolkit's API. The scheduler, runner and trackers are package-private. */
  static final Set<String> PIPELINE_API = Set.of("Service", "ServiceHost", "Source", "SourceFactory", "SourcePartition", "StoreSource",
      "Delivery", "FeedTail", "Decoder", "Handler", "Interpreter", "EffectContext", "Parallelism", "Scheduling", "RetryPolicy",
      "PermanentFailureException", "ProgressListener", "Health", "LeaseKeeper", "Sleeper");

  @ArchTest
  static final ArchRule dependenciesPointDownTheModuleTable = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("core").definedBy(CORE)
      .layer("store-sql").definedBy(STORE_SQL)
      .layer("pipeline").definedBy(PIPELINE)
      .layer("kafka").definedBy(KAFKA)
      .layer("commerce").definedBy(COMMERCE)
      .layer("app").definedBy(APP)
      .whereLayer("core").mayNotAccessAnyLayer()
      .whereLayer("store-sql").mayOnlyAccessLayers("core")
      .whereLayer("pipeline").mayOnlyAccessLayers("core")
      .whereLayer("kafka").mayOnlyAccessLayers("core", "pipeline")
      .whereLayer("commerce").mayOnlyAccessLayers("core", "pipeline")
      .whereLayer("app").mayNotBeAccessedByAnyLayer();

  @ArchTest
  static final ArchRule internalPackagesAreUsedOnlyByTheirOwner = internalsOwnedBy(owners());

  @ArchTest
  static final ArchRule theSqlStoreExportsOnlyItsApi = publicTypesAreApi("io.solstice.store.sql", STORE_SQL_API);

  @ArchTest
  static final ArchRule thePipelineExportsOnlyItsApi = publicTypesAreApi("io.solstice.pipeline", PIPELINE_API);

  @ArchTest
  static final ArchRule noContextUsesAnotherContextsReactions = noContextReachesIntoAnother();

  /** Every module, and every bounded context of commerce: the owners of {@code internal} packages. */
  private static List<String> owners() {
    List<String> owners = new ArrayList<>(List.of("io.solstice.core", "io.solstice.store.sql", "io.solstice.pipeline", "io.solstice.kafka",
        "io.solstice.app", "io.solstice.commerce.shared"));
    CONTEXTS.forEach(c -> owners.add("io.solstice.commerce." + c));
    return owners;
  }

  private static ArchRule internalsOwnedBy(List<String> owners) {
    List<ArchRule> rules = new ArrayList<>();
    for (String owner : owners) {
      rules.add(noClasses().that().resideOutsideOfPackage(owner + "..")
          .should().dependOnClassesThat().resideInAPackage(owner + ".internal..")
          .allowEmptyShould(true)
          .because(owner + ".internal is the engine of " + owner + ": use its API instead, or move what you need into the API"));
    }
    return CompositeArchRule.of(rules);
  }

  private static ArchRule publicTypesAreApi(String pkg, Set<String> api) {
    return classes().that().resideInAPackage(pkg).and().arePublic().and().areTopLevelClasses()
        .should().haveNameMatching(pkg.replace(".", "\\.") + "\\.(" + String.join("|", api) + ")")
        .because(pkg + " exports only its API; make engine types package-private or put them in " + pkg
            + ".internal, and list a new API type in ArchitectureTest");
  }

  private static ArchRule noContextReachesIntoAnother() {
    List<ArchRule> rules = new ArrayList<>();
    for (String context : CONTEXTS) {
      String own = "io.solstice.commerce." + context;
      rules.add(noClasses().that().resideInAPackage(own + "..")
          .should().dependOnClassesThat(reactionsOutside(own))
          .because("a bounded context's reactions (its pipeline services) are wired by CommerceServices, not called by another context"));
    }
    return CompositeArchRule.of(rules);
  }

  /** Classes of another bounded context that build a pipeline {@link Service}: that context's reactions. */
  private static DescribedPredicate<JavaClass> reactionsOutside(String own) {
    return DescribedPredicate.describe("reactions of another bounded context", c -> c.getPackageName().startsWith("io.solstice.commerce.")
        && !c.getPackageName().startsWith(own) && CONTEXTS.stream().anyMatch(ctx -> c.getPackageName().startsWith("io.solstice.commerce." + ctx))
        && c.getMethods().stream().anyMatch(m -> m.getRawReturnType().isEquivalentTo(Service.class)));
  }
}
