// Security-key pages: allauth's webauthn.js runs the key ceremony and, when the browser
// refuses or the person cancels, only logs the error to the console. This says it on the
// page instead (texts come translated in the message element's data attributes), and lets
// Enter in the add-key form start the key like its button does (the form has no submit
// button: it is posted by webauthn.js once the key has answered).
(function () {
  'use strict'

  document.addEventListener('allauth.error', function (event) {
    const tags = (event.detail && event.detail.tags) || []
    const box = document.getElementById('security-key-error')
    if (!box || tags.indexOf('webauthn') === -1) return
    event.preventDefault()
    const name = event.detail.exception && event.detail.exception.name
    const texts = {
      NotAllowedError: box.dataset.notAllowed,
      InvalidStateError: box.dataset.invalidState,
      SecurityError: box.dataset.security
    }
    box.textContent = texts[name] || box.dataset.other
  })

  document.addEventListener('submit', function (event) {
    const form = event.target
    const button = form.querySelector('[data-security-key-button]')
    const credential = form.querySelector('input[name="credential"]')
    if (!button || !credential) return
    if (credential.value === '' || credential.value === 'null') {
      event.preventDefault()
      button.click()
    }
  })
})()
