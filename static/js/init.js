// Starts GOV.UK Frontend's JavaScript components on every page.
//
// GOV.UK's page template sets `govuk-frontend-supported` with an inline
// script. Our Content Security Policy will not allow inline scripts, so this
// module sets it instead. Browsers that cannot run ES modules never load this
// file, never get the class, and so keep the no-JavaScript versions of the
// components, which is what the class is for.
//
// The import path is relative because /static/js/ and /static/dist/ are served
// from the same STATIC_URL; scripts/build-assets.mjs puts the file there.

import { initAll } from "../dist/govuk/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
