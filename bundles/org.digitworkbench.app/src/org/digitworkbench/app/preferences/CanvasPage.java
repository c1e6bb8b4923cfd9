package org.digitworkbench.app.preferences;

import org.digitworkbench.app.WorkbenchPreferences;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;

/** Window › Preferences › Canvas: the pen a new drawing starts with. */
final class CanvasPage extends FieldEditorPreferencePage {

	private final InstancePreferenceStore store;

	CanvasPage(InstancePreferenceStore store) {
		super("Canvas", GRID);
		this.store = store;
		setPreferenceStore(store);
		setDescription("The pen width the canvas starts with when it opens. 18 of the canvas's 280 pixels is about"
				+ " MNIST's stroke once the drawing is scaled to 20\u00d720; the canvas's own Pen width changes the"
				+ " pen of the drawing in progress.");
	}

	@Override
	protected void createFieldEditors() {
		IntegerFieldEditor width = new IntegerFieldEditor(WorkbenchPreferences.PEN_WIDTH, "Default &pen width (pixels):",
				getFieldEditorParent(), 2);
		width.setValidRange(WorkbenchPreferences.MIN_PEN_WIDTH, WorkbenchPreferences.MAX_PEN_WIDTH);
		width.setErrorMessage("The pen width is a whole number of pixels from " + WorkbenchPreferences.MIN_PEN_WIDTH
				+ " to " + WorkbenchPreferences.MAX_PEN_WIDTH + ".");
		addField(width);
	}

	@Override
	public boolean performOk() {
		return super.performOk() && Saving.save(this, store);
	}
}
