// Deep linking: send the signed choice back to the LMS at once (the button does it without JavaScript).
"use strict";
document.getElementById("lti-return")?.submit();
