package org.digitworkbench.app.preferences;

import org.digitworkbench.app.WorkbenchPreferences;
import org.digitworkbench.engine.EngineSettings;
import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;

/**
 * Window › Preferences › Training: the recipe the console fills in, and libtorch's intra-op threads (an engine
 * setting: DJL reads it when the engine loads, so it applies after a restart).
 */
final class TrainingPage extends FieldEditorPreferencePage {

	private final InstancePreferenceStore workbench;
	private final InstancePreferenceStore engine;
	private final int cores;
	private IntegerFieldEditor threads;

	TrainingPage(InstancePreferenceStore workbench, InstancePreferenceStore engine, int cores) {
		super("Training", GRID);
		this.workbench = workbench;
		this.engine = engine;
		this.cores = cores;
		setPreferenceStore(workbench);
		setDescription("The Training Console fills in the chosen recipe wherever the architecture has it (the others"
				+ " have only their recommended one) and follows a change at once; fields you typed in keep your"
				+ " values. The command line's train keeps its own defaults: --preset quick chooses there. Threads: 0"
				+ " is one per core (" + cores + " here), read when the engine loads, by the command line too.");
	}

	@Override
	protected void createFieldEditors() {
		addField(new ComboFieldEditor(WorkbenchPreferences.RECIPE, "Default &recipe:",
				new String[][] { { "Recommended", ModelArchitecture.RECOMMENDED }, { "Quick", ModelArchitecture.QUICK } },
				getFieldEditorParent()));
		threads = new IntegerFieldEditor(EngineSettings.THREADS, "Training &threads (after restart):",
				getFieldEditorParent(), 3);
		threads.setValidRange(0, cores);
		threads.setErrorMessage("Threads: a whole number from 0 to " + cores + " (0: one per core).");
		threads.getTextControl(getFieldEditorParent()).setToolTipText("libtorch's intra-op threads for training,"
				+ " evaluation and recognition; 0: one per core (" + cores + " here). Read when the engine loads;"
				+ " the command line uses it too.");
		addField(threads);
	}

	@Override
	protected void initialize() {
		super.initialize(); // gives every field the page's store
		threads.setPreferenceStore(engine);
		threads.load();
	}

	@Override
	public boolean performOk() {
		return super.performOk() && Saving.save(this, workbench, engine);
	}
}
