// TypeDoc plugin: leaves out the `static styles` of Lit elements. They are the elements' private CSS
// (theming is the documented CSS custom properties and parts), and their doc comment, inherited from Lit,
// links to Lit's own `css` helper, which the reference cannot resolve.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.Property)) {
      if (reflection.name === 'styles' && reflection.flags.isStatic)
        context.project.removeReflection(reflection);
    }
  });
}
