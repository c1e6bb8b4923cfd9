package org.digitworkbench.ui.gallery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.training.Evaluation;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.FileDialog;

/** The view's Export PNG…: the images the gallery shows, in its order, written as one captioned PNG grid in a job. */
final class PngExport {

	private final UISynchronize ui;
	private final IEventBroker events;
	private final GalleryView view;
	private final List<Job> running = new ArrayList<>();

	PngExport(UISynchronize ui, IEventBroker events, GalleryView view) {
		this.ui = ui;
		this.events = events;
		this.view = view;
	}

	/** Asks where, then exports. */
	void chooseFileAndExport(Evaluation evaluation, ImageSet images, int[] shown) {
		FileDialog dialog = new FileDialog(view.shell(), SWT.SAVE);
		dialog.setText("Export the Images Shown as PNG");
		dialog.setFilterExtensions(new String[] { "*.png" });
		dialog.setFilterNames(new String[] { "PNG images (*.png)" });
		dialog.setFileName("predictions.png");
		dialog.setOverwrite(true);
		String chosen = dialog.open();
		if (chosen != null) {
			export(evaluation, images, shown,
					Path.of(chosen.toLowerCase(Locale.ROOT).endsWith(".png") ? chosen : chosen + ".png"));
		}
	}

	/**
	 * Writes {@code shown} of {@code images}, captioned with {@code evaluation}'s labels, as a PNG grid to {@code file}
	 * in a job; a failure is a dialog, a status line and a log entry. Returns the job, or empty when there is nothing
	 * to export.
	 */
	Optional<Job> export(Evaluation evaluation, ImageSet images, int[] shown, Path file) {
		if (evaluation == null) {
			return Optional.empty();
		}
		if (shown.length == 0) {
			view.status("Nothing to export: the gallery is empty.");
			return Optional.empty();
		}
		var display = view.shell().getDisplay();
		PngGrid.Captions captions = PngGrid.captions(display, display.getSystemFont(), evaluation, shown,
				PngGrid.title(evaluation, view.shownModelName(), shown.length));
		Job job = Job.create("Exporting " + shown.length + " images to " + file, (IProgressMonitor monitor) -> {
			try {
				ImageData grid = PngGrid.compose(evaluation, images, shown, captions, monitor);
				PngGrid.write(grid, file);
				String done = String.format(Locale.ROOT, "Exported %s to %s (%d \u00d7 %d pixels).",
						ConfusionMatrix.images(shown.length), file, grid.width, grid.height);
				ui.asyncExec(() -> {
					if (view.alive()) {
						view.status(done);
					}
				});
				return Status.OK_STATUS;
			} catch (OperationCanceledException e) {
				return Status.CANCEL_STATUS;
			} catch (IOException | RuntimeException | OutOfMemoryError e) {
				String reason = e instanceof OutOfMemoryError ? "Java ran out of memory (" + e.getMessage() + ")"
						: e.getMessage() != null ? e.getMessage() : e.getClass().getName();
				ui.asyncExec(() -> {
					if (view.alive()) {
						view.status("Export failed: " + reason);
						events.post(UiEvents.STATUS, "The images could not be exported to " + file + ": " + reason);
						MessageDialog.openError(view.shell(), "Export Failed",
								"The images could not be exported to " + file + ":\n\n" + reason);
					}
				});
				var failure = Status.error("Export to " + file + " failed: " + reason, e);
				ILog.of(PngExport.class).log(failure);
				return failure;
			}
		});
		synchronized (running) {
			running.add(job);
		}
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				synchronized (running) {
					running.remove(job);
				}
			}
		});
		view.status("Exporting " + ConfusionMatrix.images(shown.length) + " to " + file + "\u2026");
		job.schedule();
		return Optional.of(job);
	}

	void cancel() {
		synchronized (running) {
			running.forEach(Job::cancel);
		}
	}
}
