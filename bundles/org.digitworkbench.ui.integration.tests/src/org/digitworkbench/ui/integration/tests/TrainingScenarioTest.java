package org.digitworkbench.ui.integration.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.ui.testing.PartHarness;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.EventHandler;

/**
 * The views work together only through services and events: in the product's workbench, a one-epoch MLP trained by
 * clicking Start in the Training Console appears in the Model Explorer, and its evaluation in the Predictions view.
 * How the UI thread fares meanwhile is printed (the benchmark, not this test, holds the budgets).
 * <p>
 * {@code -Ddigitworkbench.scenario.epochs=5} (through {@code -Ddw.test.extraArgLine}) makes it the seed's 5 epochs, to
 * set the console beside the {@code train} command (README, Benchmark).
 */
class TrainingScenarioTest {

	private static final int EPOCHS = Integer.getInteger("digitworkbench.scenario.epochs", 1);

	@Test
	void aTrainingStartedInTheConsoleShowsUpInTheExplorerAndThePredictionsView() throws Exception {
		ModelStore store = PartHarness.service(ModelStore.class);
		String name = "scenario-mlp-" + System.currentTimeMillis();
		Workbench.run(w -> {
			Composite explorer = w.show("org.digitworkbench.ui.explorer.part");
			Composite gallery = w.show("org.digitworkbench.ui.gallery.part");
			Composite console = w.show("org.digitworkbench.ui.training.part");
			Button start = Workbench.find(console, Button.class, b -> b.getText().equals("S&tart"));
			w.spinUntil(start::isEnabled, Duration.ofSeconds(30), "Start enabled");
			fieldAfter(console, "E&pochs:").setText(Integer.toString(EPOCHS));
			fieldAfter(console, "Model &name:").setText(name);
			w.spinUntil(start::isEnabled, Duration.ofSeconds(10), "Start enabled for " + name);

			// as a user's click comes: a while after the engine is up (the status line says so within 3 s of the
			// start). Clicked while libtorch was loading or in the second after, the UI thread sat in GTK's native
			// code (stack samples) and the probe's longest wait was 145-220 ms; a second later 46 ms (idle machine).
			CompletableFuture<?> engine = PartHarness.service(EngineService.class).ready().toCompletableFuture();
			w.spinUntil(engine::isDone, Duration.ofSeconds(60), "the engine ready");
			long settled = System.nanoTime() + 1_000_000_000L;
			w.spinUntil(() -> System.nanoTime() > settled, Duration.ofSeconds(5), "a second after");
			List<String> timeline = new CopyOnWriteArrayList<>();
			UiLatencyProbe probe = new UiLatencyProbe(w.display());
			EventHandler marks = e -> {
				if (!TrainingEvents.BATCH.equals(e.getTopic())) {
					timeline.add(probe.elapsedMillis() + " ms: " + e.getTopic().substring(e.getTopic().lastIndexOf('/') + 1));
				}
			};
			IEventBroker events = w.context().get(IEventBroker.class);
			events.subscribe(TrainingEvents.TOPIC_ALL, marks);
			long started = System.nanoTime();
			CompletableFuture<Void> saved = CompletableFuture.runAsync(() -> {
				while (store.find(name).isEmpty()) {
					try {
						Thread.sleep(50);
					} catch (InterruptedException e) {
						return;
					}
				}
			});
			DispatchMeter meter = new DispatchMeter(w.display());
			meter.measure(() -> start.notifyListeners(SWT.Selection, new Event()));
			try {
				// the store is read on a thread of its own: reading it on the UI thread between dispatches made a
				// 150 ms wait of the probe's that was this test's, not the workbench's
				meter.spinUntil(() -> saved.isDone()
						&& PartHarness.tableRows(explorer).stream().anyMatch(row -> row.startsWith(name + "\t"))
						&& PartHarness.texts(gallery).stream().anyMatch(l -> l.startsWith(name)), Duration.ofMinutes(5));
			} finally {
				events.unsubscribe(marks);
				saved.cancel(true);
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			long worst = probe.stop();
			System.out.printf(Locale.ROOT, "Workbench: %d-epoch MLP from the console in %.1f s; UI thread: worst delay %d ms"
					+ " of its own (%d ms counting whole-JVM freezes), median %.1f ms, 99th percentile %.1f ms; longest UI"
					+ " task %.1f ms of CPU (%.0f ms wall); load average %.1f%n  longest waits: %s%n  events: %s%n", EPOCHS, seconds,
					worst, probe.worstRawMillis(), probe.percentileMillis(0.5), probe.percentileMillis(0.99),
					meter.longestCpuNanos / 1e6, meter.longestWallNanos / 1e6,
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), probe.longWaits(), timeline);

			ModelMetadata model = store.find(name).orElseThrow();
			String accuracy = String.format(Locale.ROOT, "accuracy %.2f %%", 100 * model.testAccuracy());
			assertTrue(model.testAccuracy() >= 0.95, "test accuracy " + model.testAccuracy());
			assertTrue(PartHarness.texts(gallery).stream().anyMatch(l -> l.startsWith(name) && l.contains(accuracy)),
					"the Predictions view shows " + name + "'s evaluation: " + PartHarness.texts(gallery));
			assertEquals(1, PartHarness.tableRows(explorer).stream().filter(row -> row.startsWith(name + "\t")).count());
		});
	}

	/** The text field beside the caption {@code caption} in the console's form (they are grid neighbours). */
	private static Text fieldAfter(Composite root, String caption) {
		Label label = Workbench.find(root, Label.class, l -> l.getText().equals(caption));
		Control[] siblings = label.getParent().getChildren();
		for (int i = 0; i < siblings.length - 1; i++) {
			if (siblings[i] == label && siblings[i + 1] instanceof Text text) {
				return text;
			}
		}
		throw new AssertionError("no field after " + caption);
	}
}
