// VS Code's theme colours as the CSS variables a webview receives (values from Light+, Dark+ and
// High Contrast Dark), for rendering the run view as it looks in each kind of theme.
export interface ThemeVars {
  bodyClass: "vscode-light" | "vscode-dark" | "vscode-high-contrast";
  vars: Record<string, string>;
}

const shared = {
  "--vscode-font-family": "system-ui, -apple-system, 'Segoe UI', Ubuntu, sans-serif",
  "--vscode-font-size": "13px",
  "--vscode-editor-font-family": "'DejaVu Sans Mono', 'Droid Sans Mono', monospace",
  "--vscode-editor-font-size": "12px",
};

export const THEMES: Record<"light" | "dark" | "hc", ThemeVars> = {
  light: {
    bodyClass: "vscode-light",
    vars: {
      ...shared,
      "--vscode-editor-background": "#ffffff",
      "--vscode-editor-foreground": "#3b3b3b",
      "--vscode-foreground": "#3b3b3b",
      "--vscode-descriptionForeground": "#717171",
      "--vscode-panel-border": "#e5e5e5",
      "--vscode-focusBorder": "#005fb8",
      "--vscode-charts-blue": "#1a85ff",
      "--vscode-charts-green": "#388a34",
      "--vscode-charts-purple": "#652d90",
      "--vscode-charts-red": "#e51400",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-yellow": "#bf8803",
      "--vscode-errorForeground": "#f85149",
      "--vscode-editorWidget-background": "#f8f8f8",
      "--vscode-list-activeSelectionBackground": "#e8e8e8",
      "--vscode-list-activeSelectionForeground": "#000000",
      "--vscode-list-hoverBackground": "#f2f2f2",
      "--vscode-symbolIcon-functionForeground": "#652d90",
      "--vscode-editor-findMatchHighlightBackground": "rgba(234, 92, 0, 0.33)",
    },
  },
  dark: {
    bodyClass: "vscode-dark",
    vars: {
      ...shared,
      "--vscode-editor-background": "#1f1f1f",
      "--vscode-editor-foreground": "#cccccc",
      "--vscode-foreground": "#cccccc",
      "--vscode-descriptionForeground": "#9d9d9d",
      "--vscode-panel-border": "#2b2b2b",
      "--vscode-focusBorder": "#0078d4",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-charts-green": "#89d185",
      "--vscode-charts-purple": "#b180d7",
      "--vscode-charts-red": "#f14c4c",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-yellow": "#cca700",
      "--vscode-errorForeground": "#f85149",
      "--vscode-editorWidget-background": "#202020",
      "--vscode-list-activeSelectionBackground": "#04395e",
      "--vscode-list-activeSelectionForeground": "#ffffff",
      "--vscode-list-hoverBackground": "#2a2d2e",
      "--vscode-symbolIcon-functionForeground": "#b180d7",
      "--vscode-editor-findMatchHighlightBackground": "rgba(234, 92, 0, 0.33)",
    },
  },
  hc: {
    bodyClass: "vscode-high-contrast",
    vars: {
      ...shared,
      "--vscode-editor-background": "#000000",
      "--vscode-editor-foreground": "#ffffff",
      "--vscode-foreground": "#ffffff",
      "--vscode-descriptionForeground": "#ffffff",
      "--vscode-panel-border": "#6fc3df",
      "--vscode-contrastBorder": "#6fc3df",
      "--vscode-contrastActiveBorder": "#f38518",
      "--vscode-focusBorder": "#f38518",
      "--vscode-charts-blue": "#3794ff",
      "--vscode-charts-green": "#89d185",
      "--vscode-charts-purple": "#b180d7",
      "--vscode-charts-red": "#f14c4c",
      "--vscode-charts-orange": "#d18616",
      "--vscode-charts-yellow": "#ffd700",
      "--vscode-errorForeground": "#f48771",
      "--vscode-editorWidget-background": "#0c141f",
      "--vscode-list-activeSelectionBackground": "#000000",
      "--vscode-list-activeSelectionForeground": "#ffffff",
      "--vscode-list-hoverBackground": "#000000",
      "--vscode-symbolIcon-functionForeground": "#b180d7",
      "--vscode-editor-findMatchHighlightBackground": "rgba(0, 0, 0, 0)",
    },
  },
};
