package org.digitworkbench.app.preferences;

import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineSettings;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Label;

/**
 * Window › Preferences › Engine: the device. GPUs are offered only where the engine reports them; the page says which
 * device the engine uses now and why (EngineInfo's device note), so that a user without a GPU sees why the CPU is used.
 */
final class EnginePage extends FieldEditorPreferencePage {

	private final InstancePreferenceStore store;
	private final EngineService engine;
	private Label now;

	EnginePage(InstancePreferenceStore store, EngineService engine) {
		super("Engine", GRID);
		this.store = store;
		this.engine = engine;
		setPreferenceStore(store);
		setDescription("The device applies after a restart: the launcher (./digits-workbench) hides the GPUs from CUDA"
				+ " for the CPU, or shows it only the GPU chosen (CUDA_VISIBLE_DEVICES, unless you set it"
				+ " yourself). The command line uses the same setting.");
	}

	@Override
	protected void createFieldEditors() {
		addField(new ComboFieldEditor(EngineSettings.DEVICE, "&Device (after restart):", devices(),
				getFieldEditorParent()));
		now = new Label(getFieldEditorParent(), SWT.WRAP);
		GridData data = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		data.widthHint = 380; // wraps instead of widening the dialog
		data.verticalIndent = 8;
		now.setLayoutData(data);
		now.setText(describe());
		if (engine != null && engine.current().isEmpty()) {
			org.eclipse.swt.widgets.Display display = now.getDisplay();
			engine.ready().whenComplete((info, failure) -> {
				if (!display.isDisposed()) {
					display.asyncExec(() -> {
						if (!now.isDisposed()) {
							now.setText(describe());
							now.getParent().layout(true);
						}
					});
				}
			});
		}
	}

	/** Automatic and CPU; a GPU for each one the engine reports, and the one chosen before if it is gone now. */
	private String[][] devices() {
		List<String[]> devices = new ArrayList<>();
		devices.add(new String[] { "Automatic (a GPU when one is usable)", EngineSettings.DEVICE_AUTOMATIC });
		devices.add(new String[] { "CPU", EngineSettings.DEVICE_CPU });
		int gpus = engine == null ? 0 : engine.current().map(EngineInfo::gpuCount).orElse(0);
		for (int i = 0; i < gpus; i++) {
			devices.add(new String[] { "GPU " + i, "gpu" + i });
		}
		String chosen = store.getString(EngineSettings.DEVICE);
		if (chosen.matches("gpu\\d+") && devices.stream().noneMatch(d -> d[1].equals(chosen))) {
			devices.add(new String[] { chosen.replace("gpu", "GPU ") + " (not found now)", chosen });
		}
		return devices.toArray(String[][]::new);
	}

	/** The device in use and why: what About and the status line say. */
	String describe() {
		if (engine == null) {
			return "Now: the engine service is not running.";
		}
		if (engine.current().isPresent()) {
			EngineInfo info = engine.current().get();
			String note = info.deviceNote().isBlank() ? "" : "\nWhy: " + info.deviceNote() + ".";
			return "Now: " + info.summary() + (info.gpuCount() > 0 ? ", " + info.gpuCount() + " GPU(s) usable" : "")
					+ "." + note;
		}
		var future = engine.ready().toCompletableFuture();
		if (future.isCompletedExceptionally()) {
			try {
				future.join();
			} catch (RuntimeException e) {
				Throwable cause = e.getCause() == null ? e : e.getCause();
				return "Now: " + cause.getMessage();
			}
		}
		return "Now: the engine is still loading\u2026";
	}

	@Override
	public boolean performOk() {
		return super.performOk() && Saving.save(this, store);
	}
}
