package org.digitworkbench.app.handlers;

import java.util.List;

import org.digitworkbench.app.preferences.PreferencesDialog;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.EngineService;
import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import jakarta.inject.Named;

/** Window › Preferences… (Ctrl+,). */
public class PreferencesHandler {

	static final String LIGHT_THEME = "org.digitworkbench.theme.light";

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, @Optional IThemeEngine themes,
			@Optional EngineService engine, @Service List<DatasetProvider> datasets, MApplication application,
			EModelService models, UISynchronize ui) {
		DatasetProvider mnist = datasets.stream().filter(d -> d.id().equals("mnist")).findFirst().orElse(null);
		PreferencesDialog.create(shell, new PreferencesDialog.Services(themes, productTheme(),
				theme -> SwitchThemeHandler.checkThemeItems(application, models, theme), engine, mnist,
				message -> ui.asyncExec(() -> {
					if (!shell.isDisposed()) {
						MessageDialog.openError(shell, "MNIST folder", message);
					}
				}))).open();
	}

	/** The theme the product starts with (its {@code cssTheme}), for Restore Defaults. */
	private static String productTheme() {
		IProduct product = Platform.getProduct();
		String theme = product == null ? null : product.getProperty("cssTheme");
		return theme == null ? LIGHT_THEME : theme;
	}
}
