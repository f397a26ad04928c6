// Gutter and overview-ruler marks for labelled AI blocks and unlabeled AI code.
import * as vscode from 'vscode';
import type { FileStatusRequest } from '../../server/src/protocol';

export class AiDecorations implements vscode.Disposable {
  private readonly labelled: vscode.TextEditorDecorationType;
  private readonly unlabeled: vscode.TextEditorDecorationType;

  constructor(context: vscode.ExtensionContext) {
    this.labelled = vscode.window.createTextEditorDecorationType({
      gutterIconPath: context.asAbsolutePath('media/labelled.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorInfo.foreground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.unlabeled = vscode.window.createTextEditorDecorationType({
      gutterIconPath: context.asAbsolutePath('media/unlabeled.svg'),
      gutterIconSize: 'contain',
      overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
  }

  apply(editor: vscode.TextEditor, status: FileStatusRequest.Result | undefined, enabled: boolean): void {
    const ranges = (regions: readonly { startLine: number; endLine: number }[]) =>
      enabled ? regions.map((r) => new vscode.Range(r.startLine, 0, r.endLine, 0)) : [];
    editor.setDecorations(this.labelled, ranges(status?.blocks ?? []));
    editor.setDecorations(this.unlabeled, ranges(status?.unlabeledRegions ?? []));
  }

  dispose(): void {
    this.labelled.dispose();
    this.unlabeled.dispose();
  }
}
