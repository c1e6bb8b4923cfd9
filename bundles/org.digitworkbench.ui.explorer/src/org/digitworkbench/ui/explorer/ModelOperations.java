package org.digitworkbench.ui.explorer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.swt.widgets.Shell;

/**
 * What the explorer's commands do with the store — activate, rename, delete, export and import — each asking what it
 * needs first, then running in a job. A failure is a dialog with the store's reason, a line in the status line and
 * an entry in the log, and the job's result is an error.
 */
final class ModelOperations {

	/** What the operations need of the view around them. */
	interface View {
		Shell shell();

		/** The names in the table now. */
		Set<String> names();

		/** The models selected in the table now. */
		List<ModelMetadata> selection();

		String activeName();

		/** An operation started ({@code what}) or ended ({@code note} for the status, empty for none). */
		void operationChanged(String note);

		/** Select this model once it is listed. */
		void select(String name);

		/** Read the store again. */
		void reload();

		/** A kept epoch ({@code name@epoch}) became the active model. */
		default void epochActivated(String reference) {
		}
	}

	private final ModelStore store;
	private final UISynchronize ui;
	private final IEventBroker events;
	private final Supplier<List<ModelArchitecture>> architectures;
	private final View view;
	private final ILog log = ILog.of(ModelOperations.class);
	private final AtomicInteger running = new AtomicInteger();
	private Prompts prompts = new DialogPrompts();

	ModelOperations(ModelStore store, UISynchronize ui, IEventBroker events,
			Supplier<List<ModelArchitecture>> architectures, View view) {
		this.store = store;
		this.ui = ui;
		this.events = events;
		this.architectures = architectures;
		this.view = view;
	}

	/** The models selected in the explorer now. */
	List<ModelMetadata> selection() {
		return view.selection();
	}

	void setPrompts(Prompts prompts) {
		this.prompts = prompts;
	}

	boolean busy() {
		return running.get() > 0;
	}

	boolean canActivate(List<ModelMetadata> selected) {
		return selected.size() == 1 && !selected.get(0).name().equals(view.activeName());
	}

	void activate(List<ModelMetadata> selected) {
		if (!canActivate(selected)) {
			return;
		}
		String name = selected.get(0).name();
		run("Activating " + name, "Activation Failed", "Could not make '" + name + "' the canvas's model.", () -> {
			store.setActiveModel(name);
			return null;
		}, ignored -> view.operationChanged(name + " is now used on the canvas"));
	}

	/** Makes a kept epoch, {@code name@epoch}, the active model: what the canvas and the gallery use. */
	void activateEpoch(String reference) {
		run("Activating " + reference, "Activation Failed", "Could not make '" + reference + "' the canvas's model.",
				() -> {
					store.setActiveModel(reference);
					return null;
				}, ignored -> {
					view.operationChanged(reference + " is now used on the canvas");
					view.epochActivated(reference);
				});
	}

	void rename(List<ModelMetadata> selected) {
		if (selected.size() != 1) {
			return;
		}
		String name = selected.get(0).name();
		Set<String> taken = view.names();
		String newName = prompts.askName(view.shell(), "Rename Model", "New name for '" + name + "':", name,
				validator(taken, name));
		if (newName == null) {
			return;
		}
		run("Renaming " + name, "Rename Failed", "Could not rename '" + name + "' to '" + newName + "'.",
				() -> store.rename(name, newName), renamed -> view.select(renamed.name()));
	}

	void delete(List<ModelMetadata> selected) {
		if (selected.isEmpty()) {
			return;
		}
		List<String> doomed = selected.stream().map(ModelMetadata::name).toList();
		String which = doomed.size() == 1 ? "the model '" + doomed.get(0) + "'"
				: doomed.size() + " models: " + doomed.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
		String message = "Delete " + which + "?\n\nIts parameters and metadata are removed from " + store.directory()
				+ "; this cannot be undone.";
		String active = view.activeName();
		if (active != null && doomed.contains(active)) {
			message += "\n\n'" + active + "' is the active model: the canvas will have none until you activate another.";
		}
		if (!prompts.confirm(view.shell(), doomed.size() == 1 ? "Delete Model" : "Delete Models", message)) {
			return;
		}
		run("Deleting " + String.join(", ", doomed), "Delete Failed", "Could not delete " + which + ".", () -> {
			for (String name : doomed) {
				store.delete(name);
			}
			return null;
		}, ignored -> view.operationChanged("deleted " + String.join(", ", doomed)));
	}

	void exportZip(List<ModelMetadata> selected) {
		if (selected.size() != 1) {
			return;
		}
		String name = selected.get(0).name();
		String file = prompts.saveFile(view.shell(), "Export Model '" + name + "'", new String[] { "*.zip" },
				new String[] { "Model zip (*.zip)" }, name + ".zip");
		if (file == null) {
			return;
		}
		Path chosen = Path.of(file);
		String fileName = chosen.getFileName().toString();
		// GTK's dialog adds no extension
		Path target = fileName.contains(".") ? chosen : chosen.resolveSibling(fileName + ".zip");
		run("Exporting " + name, "Export Failed", "Could not export '" + name + "' to " + target + ".", () -> {
			store.exportZip(name, target);
			return null;
		}, ignored -> view.operationChanged("exported " + name + " to " + target));
	}

	void importZip() {
		String file = prompts.openFile(view.shell(), "Import Model Zip", new String[] { "*.zip", "*" },
				new String[] { "Model zip (*.zip)", "All files" });
		if (file == null) {
			return;
		}
		Path zip = Path.of(file);
		// read the name inside (and check the parameters) first: a clash is a question, not a failure
		run("Reading " + zip.getFileName(), "Import Failed", "Could not import " + zip.getFileName() + ".", () -> {
			String name;
			try (LoadedModel probe = store.loadFrom(zip)) {
				name = probe.metadata().name();
			}
			return store.find(name).isPresent() ? new ZipImport(name, false)
					: new ZipImport(store.importZip(zip, null).name(), true);
		}, outcome -> {
			if (outcome.imported()) {
				view.select(outcome.name());
				view.operationChanged("imported " + outcome.name());
			} else {
				askNameForZip(zip, outcome.name());
			}
		});
	}

	/** A zip's model name and whether it went in under it (false: the name was taken). */
	private record ZipImport(String name, boolean imported) {
	}

	private void askNameForZip(Path zip, String clash) {
		Set<String> taken = view.names();
		taken.add(clash);
		String newName = prompts.askName(view.shell(), "Name Taken", "A model named '" + clash + "' exists already. "
				+ "Import " + zip.getFileName() + " under another name:", ModelNames.suggest(clash, taken),
				validator(taken, null));
		if (newName == null) {
			return;
		}
		run("Importing " + zip.getFileName(), "Import Failed",
				"Could not import " + zip.getFileName() + " as '" + newName + "'.", () -> store.importZip(zip, newName),
				imported -> {
					view.select(imported.name());
					view.operationChanged("imported " + imported.name());
				});
	}

	void importPth() {
		String file = prompts.openFile(view.shell(), "Import PyTorch Model", new String[] { "*.pth;*.pt", "*" },
				new String[] { "PyTorch state_dict (*.pth, *.pt)", "All files" });
		if (file == null) {
			return;
		}
		Path pth = Path.of(file);
		String unfit = PthFiles.problem(pth);
		if (unfit != null) { // said before the dialog asks for a name and an architecture
			status("Could not import " + pth + ": " + unfit);
			view.operationChanged("import failed");
			prompts.error(view.shell(), "Import Failed", "Could not import " + pth + ":\n\n" + unfit);
			return;
		}
		List<ModelArchitecture> importable = architectures.get().stream()
				.filter(a -> !a.pytorchParameterNames().isEmpty()).toList();
		if (importable.isEmpty()) {
			prompts.error(view.shell(), "Import Not Possible",
					"No installed architecture can import PyTorch files (none maps PyTorch parameter names).");
			return;
		}
		Set<String> taken = view.names();
		String base = pth.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		Prompts.PthImport choice = prompts.choosePthImport(view.shell(), pth.getFileName().toString(), importable,
				ModelNames.suggest(base, taken), validator(taken, null));
		if (choice == null) {
			return;
		}
		run("Importing " + pth.getFileName(), "Import Failed", "Could not import " + pth.getFileName() + ".",
				() -> store.importPytorch(pth, choice.architectureId(), choice.name()), imported -> {
					view.select(imported.name());
					view.operationChanged("imported " + imported.name() + " from " + pth.getFileName());
				});
	}

	/** Reads the store again. */
	void refresh() {
		view.reload();
	}

	private static IInputValidator validator(Set<String> taken, String current) {
		return text -> ModelNames.problem(text, taken, current);
	}

	/** Something the store does, off the UI thread. */
	private interface StoreCall<T> {
		T call() throws ModelStoreException;
	}

	/**
	 * Runs {@code call} in a job; on success {@code done} runs on the UI thread, on failure an error dialog titled
	 * {@code failureTitle} says {@code failureMessage} and the store's reason.
	 */
	private <T> void run(String what, String failureTitle, String failureMessage, StoreCall<T> call, Consumer<T> done) {
		running.incrementAndGet();
		view.operationChanged(what + "\u2026");
		Job job = Job.create(what, (IProgressMonitor monitor) -> {
			T result = null;
			String failure = null;
			Exception cause = null;
			try {
				result = call.call();
			} catch (ModelStoreException e) {
				failure = e.getMessage();
				cause = e;
			} catch (RuntimeException e) {
				failure = e.getMessage() != null ? e.getMessage() : e.toString();
				cause = e;
			} catch (OutOfMemoryError e) { // the call's buffers are gone with it: the workbench goes on
				failure = "Java ran out of memory (" + e.getMessage() + "); nothing was changed.";
				cause = new RuntimeException(failure, e);
			}
			T value = result;
			String reason = failure;
			ui.asyncExec(() -> ended(failureTitle, failureMessage, reason, value, done));
			if (failure == null) {
				return Status.OK_STATUS;
			}
			var status = Status.error(failureMessage + " " + failure, cause);
			log.log(status);
			return status;
		});
		job.setPriority(Job.SHORT);
		job.schedule();
	}

	private <T> void ended(String failureTitle, String failureMessage, String reason, T value, Consumer<T> done) {
		running.decrementAndGet();
		if (view.shell() == null || view.shell().isDisposed()) {
			return;
		}
		if (reason != null) {
			view.operationChanged(failureTitle.toLowerCase(Locale.ROOT));
			status(failureMessage + " " + reason);
			prompts.error(view.shell(), failureTitle, failureMessage + "\n\n" + reason);
		} else {
			view.operationChanged("");
			if (done != null) {
				done.accept(value);
			}
		}
		view.reload();
	}

	private void status(String text) {
		if (events != null) {
			events.post(UiEvents.STATUS, text);
		}
	}
}
