pragma Singleton
import QtQuick
import KioskCore  // Kiosk.language: money grouping

// Every sentence the core hands the UI as a code or a key becomes words here, through
// qsTr, so both languages come from the translation files and nowhere else.
QtObject {
    function errorText(key) {
        switch (key) {
        case "portal.unavailable": return qsTr("The public service portal cannot be reached right now.")
        case "portal.timeout": return qsTr("The public service portal is not answering right now.")
        case "portal.tls": return qsTr("The connection to the portal is not secure, so the kiosk did not use it.")
        case "portal.server_error": return qsTr("The public service portal has a problem right now.")
        case "portal.bad_response": return qsTr("The public service portal sent an answer the kiosk cannot read.")
        case "portal.busy": return qsTr("The public service portal is busy. The kiosk will try again shortly.")
        case "portal.rejected": return qsTr("The public service portal refused the request.")
        case "portal.token_expired": return qsTr("The catalog is being downloaded again in full.")
        case "cache.disk_full": return qsTr("The kiosk's storage is full. Please tell the staff.")
        case "cache.corrupt": return qsTr("The kiosk's saved data is damaged. Please tell the staff.")
        case "cache.unavailable": return qsTr("The kiosk's saved data cannot be opened. Please tell the staff.")
        case "card.bad_response": return qsTr("The card answered in a way the kiosk cannot understand. Lift the card, place it again and retry.")
        case "card.reset": return qsTr("The card was reset while it was being read. Keep it still on the reader and try again.")
        case "card.needs_mrz": return qsTr("This card cannot be opened with the card number alone. Type your ID number and date of birth.")
        case "card.wrong_keys": return qsTr("The card did not open with this ID number and date of birth. Check both against the card; if they are right, also type the expiry date printed on the card, then try again.")
        case "card.removed": return qsTr("The card was moved away while it was being read. Place it on the reader again, keep it still, and touch Read the card.")
        case "card.absent": return qsTr("No card is on the reader. Place your ID card flat on the reader and try again.")
        case "card.not_cccd": return qsTr("This card is not a chip ID card (CCCD). Please use your chip ID card.")
        case "card.malformed": return qsTr("The card's chip gave data the kiosk cannot read. Try again; if it happens again, ask the staff.")
        case "card.bad_mac": return qsTr("The connection with the card was disturbed. Keep the card still and try again.")
        case "card.timeout": return qsTr("The card did not answer in time. Lift it, place it on the reader again and try again.")
        case "card.io": return qsTr("The card could not be read. Place it on the reader again and try again.")
        case "card.unresponsive": return qsTr("The card does not respond. Check that it is the chip side down and try again.")
        case "card.file_missing": return qsTr("The card's chip lacks data the kiosk needs. Please ask the staff.")
        case "reader.none": return qsTr("The card reader is not connected. Please tell the staff.")
        case "reader.no_service": return qsTr("The card reader is not working right now. Please tell the staff.")
        case "reader.unplugged": return qsTr("The card reader was disconnected. Please tell the staff.")
        case "reader.busy": return qsTr("The card reader is busy. Wait a moment and try again.")
        case "reader.stopped": return qsTr("The card reader is not ready yet. Wait a moment and try again.")
        case "code.empty": return qsTr("Please enter the dossier code.")
        case "code.too_short": return qsTr("The dossier code is incomplete. It looks like H26.105-251122-0001 or LK-251122-7QX4M28.")
        case "code.bad_date": return qsTr("The date in the code (6 digits year-month-day, e.g. 251122) is not right. Please check it.")
        case "code.bad_agency": return qsTr("The agency part at the start of the dossier code (e.g. H26.105) is not right.")
        case "code.bad_sequence": return qsTr("The number at the end of the dossier code must have at least 4 digits (e.g. 0001).")
        case "code.bad_check": return qsTr("A character of the reference was typed wrongly. Please compare it with your receipt.")
        case "code.unknown_format": return qsTr("This is not a dossier code. It looks like H26.105-251122-0001 or LK-251122-7QX4M28.")
        case "vietqr.not_vietqr": return qsTr("This QR code is not a VietQR bank-transfer code.")
        case "vietqr.malformed": return qsTr("The payment QR code is damaged or badly formed. Please scan again or use another code.")
        case "vietqr.crc": return qsTr("The payment QR code was misread (its check value does not match). Please scan again.")
        case "vietqr.too_long": return qsTr("The payment QR code is longer than allowed.")
        case "vietqr.amount": return qsTr("The amount in the payment QR code is not valid.")
        case "vietqr.currency": return qsTr("The payment QR code is not in Vietnamese dong.")
        case "vietqr.country": return qsTr("The payment QR code is not a Vietnamese one.")
        case "vietqr.bank": return qsTr("The bank code (BIN) in the payment QR code is not valid.")
        case "vietqr.account": return qsTr("The account or card number in the payment QR code is not valid.")
        case "vietqr.service": return qsTr("The payment QR code uses a transfer service that is not supported.")
        case "vietqr.text": return qsTr("The transfer description, bill number or payee name is too long or has characters that cannot be used.")
        case "scanner.not_found": return qsTr("The QR code scanner was not found. Please tell a staff member.")
        case "scanner.permission": return qsTr("The kiosk is not allowed to use the QR code scanner. Please tell a technician.")
        case "scanner.disconnected": return qsTr("The QR code scanner was disconnected. The kiosk is reconnecting.")
        case "scanner.garbled": return qsTr("The scanner did not read the code cleanly. Please scan it again.")
        case "scanner.too_long": return qsTr("The scanned code is too long to be one the kiosk reads. Please scan again.")
        case "scanner.bad_uri": return qsTr("The QR code scanner is not configured correctly. Please tell a technician.")
        case "scanner.io": return qsTr("The QR code scanner has a problem. The kiosk is retrying.")
        case "scanner.busy": return qsTr("Another program is using the QR code scanner. Please tell a technician.")
        case "scan.unknown": return qsTr("The scanned code was not recognised. Please scan the QR code on your receipt, your ID card or a payment code.")
        case "scan.too_long": return qsTr("The scanned code is too long to be one the kiosk can read.")
        case "form.required": return qsTr("Please fill in this item.")
        case "form.too_long": return qsTr("This is too long. Please shorten it.")
        case "form.too_short": return qsTr("This is too short. Please check it.")
        case "form.pattern": return qsTr("This is not in the expected format. Please check it.")
        case "form.date_invalid": return qsTr("This date is not valid. Please enter it as day/month/year, e.g. 25/12/1990.")
        case "form.date_future": return qsTr("This date cannot be later than today.")
        case "form.date_past": return qsTr("This date cannot be earlier than today.")
        case "form.choice_invalid": return qsTr("Please pick one of the options shown.")
        case "form.phone_invalid": return qsTr("This phone number is not valid. A mobile number has 10 digits and starts with 0.")
        case "form.email_invalid": return qsTr("This email address is not valid, e.g. name@example.com.")
        case "form.id_invalid": return qsTr("The personal ID number must be exactly 12 digits.")
        case "form.number_invalid": return qsTr("Please enter a whole number, digits only.")
        case "form.number_range": return qsTr("This number is outside the allowed range.")
        case "form.unit_invalid": return qsTr("Please pick a Hanoi commune or ward from the list.")
        case "form.locked": return qsTr("This was read from your verified ID card and cannot be changed here.")
        case "form.consent_invalid": return qsTr("The data-processing consent text could not be loaded. Please tell a staff member.")
        case "form.definition_invalid": return qsTr("This procedure's form is damaged. Please tell a staff member.")
        case "portal.not_implemented": return qsTr("This service is not available yet.")
        case "portal.validation_failed": return qsTr("Some details are not right. Please check the marked fields.")
        case "portal.idempotency_key_reused": return qsTr("This submission was already sent with other content. Please tell a staff member.")
        case "portal.form_not_found": return qsTr("This procedure cannot be submitted online at the kiosk yet.")
        case "portal.dossier_not_found": return qsTr("No dossier was found with this code. Please check the code.")
        case "portal.identity_insufficient": return qsTr("To see your dossiers, please place your chip ID card on the reader.")
        case "portal.amount_mismatch": return qsTr("The amount does not match what is owed. Please try again or ask a staff member.")
        case "portal.nothing_owed": return qsTr("Nothing is owed on this dossier at the moment.")
        case "portal.payment_not_found": return qsTr("The payment request was not found.")
        case "portal.payment_already_paid": return qsTr("This has already been paid.")
        case "portal.payment_not_payable": return qsTr("The payment code has expired or was cancelled. Please create a new one.")
        case "dossier.procedure_unknown": return qsTr("This procedure is not in the catalog.")
        case "dossier.no_form": return qsTr("This procedure has no online form yet.")
        case "dossier.agency_unknown": return qsTr("The receiving agency is not known. Please choose the ward or commune again.")
        case "dossier.consent_required": return qsTr("Your consent to process personal data is needed before submitting.")
        case "dossier.delivery_not_allowed": return qsTr("This procedure does not deliver results the way you chose.")
        case "dossier.delivery_address_required": return qsTr("Please enter the address to post the result to.")
        case "dossier.local_ref_invalid": return qsTr("The kiosk reference has a wrong format. Please tell a staff member.")
        case "dossier.unknown_field": return qsTr("The form holds information it does not ask for. Please tell a staff member.")
        case "dossier.attachment_invalid": return qsTr("An attachment is invalid or too large.")
        case "payment.purpose_invalid": return qsTr("The transfer note may hold only unaccented letters and digits, 25 at most.")
        case "printer.offline": return qsTr("The printer is offline. Please tell a staff member.")
        case "printer.no_paper": return qsTr("The printer is out of paper. Please tell a staff member.")
        case "printer.cover_open": return qsTr("The printer cover is open. Please tell a staff member.")
        case "printer.jam": return qsTr("The printer has a paper jam. Please tell a staff member.")
        case "printer.not_found": return qsTr("The printer was not found. Please tell a staff member.")
        case "printer.timeout": return qsTr("The printer does not answer. Please tell a staff member.")
        case "printer.error": return qsTr("The printer has a fault. Please tell a staff member.")
        case "printer.paper_near_end": return qsTr("The paper roll is nearly used up.")
        case "qr.not_cccd": return qsTr("This QR code is not the one on a chip ID card. Scan the QR code on the front of your ID card.")
        case "qr.bad_id": return qsTr("The ID number in the card's QR code could not be read. Scan it again, or type your ID number and date of birth.")
        case "qr.bad_date": return qsTr("A date in the card's QR code could not be read. Scan it again, or type your ID number and date of birth.")
        case "qr.mangled": return qsTr("The scanner misread the card's QR code (some letters were lost). Scan it again slowly, or type your ID number and date of birth.")
        case "qr.fields": return qsTr("The card's QR code is incomplete. Scan it again, or type your ID number and date of birth.")
        case "scan.finish_first": return qsTr("Please finish or leave what you are doing first (Home button), then scan the code again.")
        case "scan.card_not_here": return qsTr("Your ID card's QR code is used to identify you at the start of a task. Finish or leave this one first.")
        case "scan.vietqr_here": return qsTr("This is a bank payment QR code. Pay it with your bank's app; the kiosk only shows its own payment codes.")
        case "outbox.key_missing": return qsTr("The outbox encryption key file is missing. Queued dossiers cannot be read; please call a technician.")
        case "outbox.key_insecure": return qsTr("The encryption key file can be read by other users and was refused. Please call a technician.")
        case "outbox.key_invalid": return qsTr("The encryption key file is damaged. Please call a technician.")
        case "outbox.key_unreadable": return qsTr("The encryption key file cannot be read or created. Please call a technician.")
        case "outbox.key_wrong": return qsTr("The encryption key does not match the stored dossiers. Please call a technician.")
        case "outbox.duplicate_ref": return qsTr("This kiosk reference is already in the outbox.")
        case "outbox.not_found": return qsTr("No such dossier in the outbox.")
        case "outbox.bad_state": return qsTr("The dossier is not in a state that allows this.")
        case "outbox.bad_payload": return qsTr("The dossier data cannot be stored.")
        case "outbox.purged": return qsTr("This dossier's personal data has been deleted after its retention period.")
        // status flow keys
        case "status.offline_unknown": return qsTr("The kiosk is offline and cannot check this dossier right now. Please try again in a few minutes or ask a staff member.")
        case "status.local_ref_unknown": return qsTr("This kiosk has no dossier with this reference. A kiosk reference can only be looked up at the kiosk that took the dossier; use the dossier code if you have it.")
        case "status.local_ref_refused": return qsTr("This dossier could not be sent: the system did not accept it. Please ask a staff member.")
        case "status.outbox_unavailable": return qsTr("The kiosk cannot read its list of dossiers waiting to be sent. Please ask a staff member.")
        // submit flow keys
        case "pay.slow": return qsTr("Checking the payment with the bank… the connection is slow. If you have paid, please wait and do not pay again.")
        case "pay.confirming": return qsTr("The payment code's time is up. Asking the bank whether it was paid…")
        case "pay.unconfirmed": return qsTr("We cannot confirm the payment yet because the connection is down. Do not pay again. Ask the staff, or check later with your receipt.")
        case "submit.chip_required": return qsTr("This procedure needs the details read from the chip of your ID card; the QR code on the card is not enough. Place the card on the reader and read it again.")
        case "submit.no_identity": return qsTr("You are not identified yet. Please identify yourself with your ID card.")
        case "submit.form_errors": return qsTr("Some items are not right. Please look at the marked items.")
        case "submit.form_unavailable": return qsTr("The form of this procedure could not be loaded. Please submit at the one-stop counter.")
        case "submit.consent_declined": return qsTr("You did not agree to the processing of your personal data, so the kiosk cannot submit the dossier. What you typed is deleted when you go home. You can submit at the one-stop counter instead.")
        case "submit.store_failed": return qsTr("The kiosk could not save your dossier, so it was not submitted. Your details are still on the screen. Please try again or tell a staff member.")
        case "submit.no_outbox": return qsTr("The kiosk is not ready to take dossiers. Please tell a staff member.")
        case "submit.address_required": return qsTr("Please enter the address to post the result to.")
        case "submit.address_too_long": return qsTr("The address is too long (300 characters at most).")
        case "submit.delivery_required": return qsTr("Please choose how to receive the result.")
        case "submit.agency_unknown": return qsTr("This kiosk is not set to a commune or ward. Please tell a staff member.")
        case "pay.qr_invalid": return qsTr("The payment code received does not match your dossier, so the kiosk does not show it. Please pay at the counter; your dossier has been sent.")
        case "pay.expired": return qsTr("The payment code has expired. You can make a new one or pay at the counter.")
        case "pay.cancelled": return qsTr("The payment code was cancelled. You can make a new one or pay at the counter.")
        case "pay.unavailable": return qsTr("A payment code cannot be made right now. Your dossier has been sent; please pay the fee at the counter.")
        case "pay.receipt_on_screen": return qsTr("The receipt printer cannot print right now. After you pay, your receipt will be shown on the screen as a QR code for you to photograph.")
        case "identity.not_verified": return qsTr("Some details were not read from a verified chip ID card.")
        case "flow.error": return qsTr("Something went wrong. Please try again or ask the staff.")
        case "staff.wrong_pin": return qsTr("That PIN is not right. Try again.")
        case "staff.bad_pin": return qsTr("The PIN has 4 to 12 digits.")
        case "staff.locked_out": return qsTr("Too many wrong PINs. Assisted mode is locked for a few minutes.")
        case "staff.disabled": return qsTr("Assisted mode is not set up on this kiosk.")
        case "keys.bad_id": return qsTr("The ID number must have exactly 12 digits. Check it on your card.")
        case "keys.bad_dob": return qsTr("Type your date of birth as day/month/year, for example 15/03/1990.")
        case "expiry.bad_date": return qsTr("Type the expiry date as day/month/year, as printed on the front of the card.")
        case "expiry.before_birth": return qsTr("The expiry date cannot be before the date of birth. Check it on the card.")
        case "": return ""
        default: return qsTr("Something went wrong. Please try again or ask the staff.")
        }
    }

    function methodLabel(code) {
        switch (code) {
        case "truc_tiep": return qsTr("in person")
        case "truc_tuyen": return qsTr("online")
        case "buu_chinh": return qsTr("by post")
        default: return ""
        }
    }

    function unitLabel(code, amount) {
        switch (code) {
        case "ngay_lam_viec": return qsTr("%n working day(s)", "", amount)
        case "ngay": return qsTr("%n day(s)", "", amount)
        case "gio": return qsTr("%n hour(s)", "", amount)
        case "gio_lam_viec": return qsTr("%n working hour(s)", "", amount)
        case "thang": return qsTr("%n month(s)", "", amount)
        case "tuan": return qsTr("%n week(s)", "", amount)
        default: return qsTr("%1 (unit not stated)").arg(amount)
        }
    }

    function onlineLabel(code) {
        switch (code) {
        case "toan_trinh": return qsTr("Fully online")
        case "mot_phan": return qsTr("Partly online")
        default: return qsTr("Online level not stated")
        }
    }

    function onlineExplanation(code) {
        switch (code) {
        case "toan_trinh": return qsTr("You can submit, pay and receive the result online, without going to the office.")
        case "mot_phan": return qsTr("You can submit online, but you must go to the office to finish, for example to show originals or collect the result.")
        default: return qsTr("The catalog does not say whether this can be done online. Scan the QR code to check on the national portal.")
        }
    }

    function feeKindLabel(code) {
        switch (code) {
        case "phi": return qsTr("Fee")
        case "le_phi": return qsTr("Charge")
        default: return qsTr("Fee or charge")
        }
    }

    function money(amount) {
        if (amount === 0)
            return qsTr("Free")
        // Each language's own grouping, as on the printed receipt: 7.000 đồng / 7,000 VND.
        var s = Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g,
                                                      Kiosk.language === "en" ? "," : ".")
        return qsTr("%1 VND").arg(s)
    }

    function timeText(t) {
        var parts = []
        if (t.amount >= 0 && t.unit !== "")
            parts.push(unitLabel(t.unit, t.amount))
        else if (t.amount >= 0)
            parts.push(String(t.amount))
        var m = methodLabel(t.method)
        if (m !== "")
            parts.push("(" + m + ")")
        var line = parts.length > 0 ? parts.join(" ") : t.text
        // A time that applies to one case only says which.
        return t.case !== "" ? t.case + ": " + line : line
    }

    // How old the offline catalog is, in words a citizen can trust.
    function age(when, now) {
        if (!when || isNaN(when.getTime()))
            return qsTr("never updated")
        var minutes = Math.max(0, Math.floor((now.getTime() - when.getTime()) / 60000))
        if (minutes < 2)
            return qsTr("updated just now")
        if (minutes < 60)
            return qsTr("updated %n minute(s) ago", "", minutes)
        var hours = Math.floor(minutes / 60)
        if (hours < 48)
            return qsTr("updated %n hour(s) ago", "", hours)
        return qsTr("updated on %1").arg(Qt.formatDate(when, "dd/MM/yyyy"))
    }
}
